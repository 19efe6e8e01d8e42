package org.facilitysync.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.data.RandomEdits;
import org.facilitysync.facility.data.RecordEdit;
import org.facilitysync.facility.data.RecordRef;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Randomized convergence: a hub and three devices, each on its own real database, make seeded random
 * writes (creates, updates, soft and hard deletes, re-creations of deleted records, concurrent edits and
 * deletes of the same record on several nodes, concurrent creations of the same deterministic id) and sync
 * random device-hub pairs in random order and direction (Kolibri's pull-then-push, lone pulls and lone
 * pushes), with the full-facility filter or a single user's partitions. Along the way:
 *
 * <ul>
 * <li>a pull never overwrites what the device wrote since its last push (the receiver keeps its own
 * version of a conflict);</li>
 * <li>after a full-facility pull-then-push the hub holds every such record as the device last wrote it
 * (Kolibri's client wins, reference §4.7).</li>
 * </ul>
 *
 * <p>A quiescence phase then syncs every device with the hub until nothing moves, and:
 *
 * <ul>
 * <li>every node holds the same app data (every model, every field) and the same store rows for the
 * facility (serialized data, deleted and hard-deleted flags, version stamp), none left dirty;</li>
 * <li>no acknowledged write is lost: a record written on one node only ends, everywhere, as that node's
 * last write left it (absent if deleted, unless re-created later);</li>
 * <li>a record written on several nodes ends as one of the nodes' last writes (Morango keeps whole
 * versions, never a mix of fields).</li>
 * </ul>
 *
 * <p>The seed and the number of rounds come from the system properties {@code convergence.seed} and
 * {@code convergence.rounds} (default {@value #DEFAULT_SEED} and {@value #DEFAULT_ROUNDS}: about ten
 * seconds per database); {@code convergence.databases} (e.g. {@code SQLITE}) limits the databases. Maven
 * passes {@code -D} user properties to the test JVM. A failure names the seed and rounds and prints the
 * operations that led to it. Many more rounds and seeds, locally:
 *
 * <pre>
 * mvn -B -o install -DskipTests
 * mvn -B -o -pl sync-core test-compile surefire:test@default-test -Dtest=ConvergenceTest \
 *     -Dconvergence.rounds=200 -Dconvergence.seed=12345 -Dconvergence.databases=SQLITE
 * for s in $(seq 1 50); do mvn -B -q -o -pl sync-core test-compile surefire:test@default-test \
 *     -Dtest=ConvergenceTest -Dconvergence.rounds=40 -Dconvergence.seed=$s || break; done
 * </pre>
 *
 * <p>({@code mvn -pl sync-core -am test -Dtest=ConvergenceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dconvergence.rounds=200 -Dconvergence.seed=...} works too, but runs the test twice: the module's
 * bounded-memory execution also honours {@code -Dtest}.) Forty rounds take about a minute per database.
 */
class ConvergenceTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    static final long DEFAULT_SEED = 20_261_122L;
    static final int DEFAULT_ROUNDS = 5;

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(40)
            .withTimeout(Duration.ofMinutes(2));
    private static final int[] CHUNK_SIZES = {3, 40, 500};
    private static final int DEVICES = 3;
    private static final int FACILITY_RECORDS = 400;
    private static final int STEPS_PER_ROUND = 16;
    private static final int MAX_QUIESCENCE_PASSES = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void randomWritesAndSyncsConverge(DatabaseKind kind) {
        String databases = System.getProperty("convergence.databases", "SQLITE,POSTGRESQL");
        Assumptions.assumeTrue(List.of(databases.toUpperCase(java.util.Locale.ROOT).split("[,\\s]+"))
                .contains(kind.name()), () -> kind + " is not in convergence.databases=" + databases);
        long seed = Long.getLong("convergence.seed", DEFAULT_SEED);
        int rounds = Integer.getInteger("convergence.rounds", DEFAULT_ROUNDS);
        System.out.println("ConvergenceTest on " + kind + ": convergence.seed=" + seed + " convergence.rounds=" + rounds);
        Run run = new Run(kind, seed, rounds);
        try {
            run.execute();
        } catch (AssertionError | RuntimeException e) {
            List<String> log = run.log;
            System.out.println("ConvergenceTest failed on " + kind + " with -Dconvergence.seed=" + seed
                    + " -Dconvergence.rounds=" + rounds + "; its last operations:");
            log.subList(Math.max(0, log.size() - 80), log.size()).forEach(line -> System.out.println("  " + line));
            throw new AssertionError("convergence failed on " + kind + "; replay with -Dconvergence.seed=" + seed
                    + " -Dconvergence.rounds=" + rounds + ": " + e, e);
        } finally {
            run.close();
        }
    }

    /** A record as one node holds it after a write, or its absence. */
    record State(boolean deleted, String partition, Map<String, Object> values) {

        static final State ABSENT = new State(true, null, null);

        static State of(Optional<SyncRecord> record) {
            return record.map(r -> new State(false, r.partition(), new HashMap<>(r.values()))).orElse(ABSENT);
        }

        @Override
        public String toString() {
            return deleted ? "<absent>" : partition + " " + new TreeMap<>(values);
        }
    }

    /** One seeded run: its nodes, its randomness and its ledger. */
    private static final class Run implements AutoCloseable {

        final long seed;
        final int rounds;
        final Random random;
        final List<LocalNode> nodes = new ArrayList<>();
        final FacilityDataGenerator facility;
        final String dataset;
        final List<String> users = new ArrayList<>();
        /** Every record the run knows of, and the node that owns it (the only one to write it outside concurrent edits). */
        final Map<RecordRef, Integer> owners = new LinkedHashMap<>();
        final List<RecordRef> universe = new ArrayList<>();
        /** Per record, per node that wrote it, the record as that node's last write left it. */
        final Map<RecordRef, Map<String, State>> lastWrites = new LinkedHashMap<>();
        /** Soft-deleted memberships (deterministic ids) and their values, to re-create. */
        final Map<RecordRef, Map<String, Object>> deletedMemberships = new LinkedHashMap<>();
        /** Per node, the writes it made since its last push, as they left each record. */
        final Map<String, Map<RecordRef, State>> unpushed = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();

        Run(DatabaseKind kind, long seed, int rounds) {
            this.seed = seed;
            this.rounds = rounds;
            this.random = new Random(seed);
            this.facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(FACILITY_RECORDS), seed);
            this.dataset = facility.datasetId();
            nodes.add(node("hub", kind));
            for (int i = 1; i <= DEVICES; i++) {
                nodes.add(node("device" + i, kind));
            }
        }

        void execute() {
            LocalNode hub = nodes.get(0);
            facility.records().forEach(record -> {
                record.createIn(hub.records());
                RecordRef ref = record.ref();
                universe.add(ref);
                owners.put(ref, Math.floorMod(ref.id().hashCode(), nodes.size()));
                if (record.model().equals("facilityuser")) {
                    users.add(record.id());
                }
            });
            for (LocalNode device : devices()) {
                TransferResult pull = sync(device, true, fullFacility());
                assertEquals(facility.recordCount(), pull.recordsTransferred(), "initial full pull of " + device.name());
            }
            for (int round = 1; round <= rounds; round++) {
                log.add("-- round " + round);
                for (int step = 0; step < STEPS_PER_ROUND; step++) {
                    if (random.nextInt(100) < 30) {
                        syncStep();
                    } else {
                        writeStep(random.nextInt(nodes.size()));
                    }
                }
            }
            quiesce();
            assertConverged();
        }

        // ---- writes ----------------------------------------------------------------------------

        void writeStep(int nodeIndex) {
            LocalNode node = nodes.get(nodeIndex);
            int r = random.nextInt(100);
            if (r < 18) {
                create(node, nodeIndex);
            } else if (r < 55) {
                owned(node, nodeIndex, m -> !RandomEdits.editableFields(m).isEmpty()).ifPresent(ref -> update(node, ref));
            } else if (r < 68) {
                owned(node, nodeIndex, RandomEdits::isDeletable).ifPresent(ref -> delete(node, ref, false));
            } else if (r < 74) {
                owned(node, nodeIndex, RandomEdits::isDeletable).ifPresent(ref -> delete(node, ref, true));
            } else if (r < 79) {
                recreateMembership(node, nodeIndex);
            } else if (r < 84) {
                concurrentCreate(nodeIndex);
            } else {
                concurrentEdit(nodeIndex);
            }
        }

        /** A record owned by the node, of a model {@code models} accepts, that the node holds. */
        Optional<RecordRef> owned(LocalNode node, int nodeIndex, Predicate<String> models) {
            List<RecordRef> candidates = universe.stream()
                    .filter(ref -> owners.get(ref) == nodeIndex && models.test(ref.model())).toList();
            return anyPresent(node, candidates);
        }

        Optional<RecordRef> anyPresent(LocalNode node, List<RecordRef> candidates) {
            for (int attempt = 0; attempt < 20 && !candidates.isEmpty(); attempt++) {
                RecordRef ref = candidates.get(random.nextInt(candidates.size()));
                if (node.records().read(PROFILE, ref.model(), ref.id()).isPresent()) {
                    return Optional.of(ref);
                }
            }
            return Optional.empty();
        }

        void update(LocalNode node, RecordRef ref) {
            Optional<RecordEdit> edit = new RandomEdits(random.nextLong(), 1.0, 0.0).editFor(ref);
            if (edit.isEmpty()) {
                return;
            }
            edit.get().applyTo(node.records());
            wrote(node, ref, "update " + ((RecordEdit.Update) edit.get()).changes());
        }

        void delete(LocalNode node, RecordRef ref, boolean hard) {
            Map<String, Object> before = node.records().read(PROFILE, ref.model(), ref.id()).orElseThrow().values();
            boolean deleted = hard ? node.records().hardDelete(PROFILE, ref.model(), ref.id())
                    : node.records().delete(PROFILE, ref.model(), ref.id());
            assertTrue(deleted, () -> node.name() + " could not delete " + ref);
            if (ref.model().equals("membership")) {
                if (hard) {
                    deletedMemberships.remove(ref);
                } else {
                    deletedMemberships.put(ref, new LinkedHashMap<>(before));
                }
            }
            wrote(node, ref, hard ? "hard delete" : "delete");
        }

        void recreateMembership(LocalNode node, int nodeIndex) {
            for (Map.Entry<RecordRef, Map<String, Object>> deleted : deletedMemberships.entrySet()) {
                RecordRef ref = deleted.getKey();
                if (owners.get(ref) == nodeIndex && node.records().read(PROFILE, ref.model(), ref.id()).isEmpty()) {
                    SyncRecord created = node.records().create(PROFILE, ref.model(), deleted.getValue());
                    assertEquals(ref.id(), created.id(), "a re-created membership keeps its deterministic id");
                    deletedMemberships.remove(ref);
                    wrote(node, ref, "re-create");
                    return;
                }
            }
        }

        /** A new log for an existing user: a user session log (random id) or a content summary log (id from its content). */
        void create(LocalNode node, int nodeIndex) {
            boolean summary = random.nextBoolean();
            String model = summary ? "contentsummarylog" : "usersessionlog";
            Optional<RecordRef> template = anyPresent(node, universe.stream().filter(r -> r.model().equals(model)).toList());
            if (template.isEmpty()) {
                return;
            }
            Map<String, Object> values = new LinkedHashMap<>(
                    node.records().read(PROFILE, model, template.get().id()).orElseThrow().values());
            values.put("user_id", users.get(random.nextInt(users.size())));
            if (summary) {
                values.put("content_id", hex32());
                values.put("progress", random.nextInt(1001) / 1000.0);
            } else {
                values.put("pages", "Created " + hex32().substring(0, 8));
                values.put(SyncRecords.SOURCE_ID, hex32());
            }
            SyncRecord created = node.records().create(PROFILE, model, values);
            RecordRef ref = new RecordRef(model, created.id());
            universe.add(ref);
            owners.put(ref, nodeIndex);
            wrote(node, ref, "create");
        }

        /**
         * The same content summary log (same user and content, so the same deterministic id) created on
         * two nodes before they sync, with different progress.
         */
        void concurrentCreate(int nodeIndex) {
            String model = "contentsummarylog";
            int other = (nodeIndex + 1 + random.nextInt(nodes.size() - 1)) % nodes.size();
            Optional<RecordRef> template = anyPresent(nodes.get(nodeIndex),
                    universe.stream().filter(r -> r.model().equals(model)).toList());
            if (template.isEmpty()) {
                return;
            }
            Map<String, Object> values = new LinkedHashMap<>(
                    nodes.get(nodeIndex).records().read(PROFILE, model, template.get().id()).orElseThrow().values());
            values.put("user_id", users.get(random.nextInt(users.size())));
            values.put("content_id", hex32());
            log.add("concurrent create on " + nodeIndex + " and " + other);
            RecordRef ref = null;
            for (int writer : List.of(nodeIndex, other)) {
                values.put("progress", random.nextInt(1001) / 1000.0);
                SyncRecord created = nodes.get(writer).records().create(PROFILE, model, values);
                ref = new RecordRef(model, created.id());
                wrote(nodes.get(writer), ref, "create");
            }
            universe.add(ref);
            owners.put(ref, nodeIndex);
        }

        /** The same record edited on two or three nodes before they sync: updates, sometimes a delete. */
        void concurrentEdit(int nodeIndex) {
            List<RecordRef> candidates = universe.stream().filter(ref -> !RandomEdits.editableFields(ref.model()).isEmpty())
                    .toList();
            RecordRef ref = candidates.get(random.nextInt(candidates.size()));
            List<Integer> writers = new ArrayList<>(List.of(nodeIndex));
            int count = 1 + random.nextInt(2);
            while (writers.size() <= count) {
                int other = random.nextInt(nodes.size());
                if (!writers.contains(other)) {
                    writers.add(other);
                }
            }
            log.add("concurrent edit of " + ref + " on " + writers);
            for (int writer : writers) {
                LocalNode node = nodes.get(writer);
                if (node.records().read(PROFILE, ref.model(), ref.id()).isEmpty()) {
                    continue;
                }
                int what = random.nextInt(10);
                if (RandomEdits.isDeletable(ref.model()) && what < 2) {
                    delete(node, ref, what == 1);
                } else {
                    update(node, ref);
                }
            }
        }

        void wrote(LocalNode node, RecordRef ref, String what) {
            State state = State.of(node.records().read(PROFILE, ref.model(), ref.id()));
            lastWrites.computeIfAbsent(ref, r -> new LinkedHashMap<>()).put(node.name(), state);
            unpushed.computeIfAbsent(node.name(), n -> new LinkedHashMap<>()).put(ref, state);
            log.add(node.name() + " " + what + " " + ref.model() + " " + ref.id());
        }

        // ---- syncs -----------------------------------------------------------------------------

        void syncStep() {
            LocalNode device = devices().get(random.nextInt(DEVICES));
            SyncFilter filter = random.nextInt(4) == 0 ? singleUser(users.get(random.nextInt(users.size()))) : fullFacility();
            int mode = random.nextInt(100);
            if (mode < 60) {
                sync(device, true, filter);
                pushAfterPull(device, filter);
            } else if (mode < 80) {
                sync(device, true, filter);
            } else {
                sync(device, false, filter);
            }
        }

        /**
         * The push of Kolibri's pull-then-push. With the full-facility filter, the device's writes since its
         * last push win (Morango §4.7: the pull kept them and restamped conflicts, so the hub fast-forwards):
         * the hub must now hold every unpushed record as the device last wrote it.
         */
        TransferResult pushAfterPull(LocalNode device, SyncFilter filter) {
            Map<RecordRef, State> mine = Map.copyOf(unpushed.getOrDefault(device.name(), Map.of()));
            TransferResult result = sync(device, false, filter);
            if (filter.equals(fullFacility())) {
                LocalNode hub = nodes.get(0);
                mine.forEach((ref, state) -> assertKept(state, hub, device, ref, "after " + device.name()
                        + "'s pull then push, the hub does not hold " + device.name() + "'s last write to " + ref
                        + " (the client's version should win)"));
            }
            return result;
        }

        /**
         * A pull or a push. A pull never overwrites what the device wrote since its last push (the
         * receiver keeps its own version of a conflict); a push ends that protection (the hub keeps its own
         * version of a conflict, and a later pull brings it).
         */
        TransferResult sync(LocalNode device, boolean pull, SyncFilter filter) {
            LocalNode hub = nodes.get(0);
            // Several chunk sizes, so that transfers of one record, of a few chunks and of one chunk all happen.
            SyncOptions options = OPTIONS.withChunkSize(CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)]);
            TransferResult result = pull ? device.syncService().pull(hub.asPeer(), filter, options)
                    : device.syncService().push(hub.asPeer(), filter, options);
            log.add(device.name() + (pull ? " pull " : " push ") + filter.partitions().size() + "-prefix filter: "
                    + result.status() + " " + result.recordsTransferred() + " records");
            assertTrue(result.succeeded(), () -> device.name() + (pull ? " pull" : " push") + " with " + filter
                    + " failed: " + result);
            Map<RecordRef, State> mine = unpushed.computeIfAbsent(device.name(), n -> new LinkedHashMap<>());
            if (pull) {
                mine.forEach((ref, state) -> assertKept(state, device, device, ref,
                        device.name() + "'s pull overwrote its unpushed write to " + ref));
            } else {
                mine.clear();
            }
            return result;
        }

        /**
         * {@code node} holds {@code writer}'s last write to {@code ref}, or nothing when another node deleted
         * the record: a merge conflict OR-s the deleted flags (reference §4.7), so a deletion beats a
         * concurrent update even on the side that keeps its own version.
         */
        void assertKept(State written, LocalNode node, LocalNode writer, RecordRef ref, String message) {
            State actual = State.of(node.records().read(PROFILE, ref.model(), ref.id()));
            if (actual.equals(written)) {
                return;
            }
            boolean deletedElsewhere = lastWrites.get(ref).entrySet().stream()
                    .anyMatch(w -> !w.getKey().equals(writer.name()) && w.getValue().deleted());
            if (!(actual.deleted() && deletedElsewhere)) {
                assertEquals(written, actual, message);
            }
        }

        void quiesce() {
            long moved = -1;
            for (int pass = 1; pass <= MAX_QUIESCENCE_PASSES && moved != 0; pass++) {
                log.add("-- quiescence pass " + pass);
                moved = 0;
                for (LocalNode device : devices()) {
                    moved += sync(device, true, fullFacility()).recordsTransferred();
                    moved += pushAfterPull(device, fullFacility()).recordsTransferred();
                }
            }
            assertEquals(0, moved, "records still move after " + MAX_QUIESCENCE_PASSES + " quiescence passes");
        }

        // ---- checks ----------------------------------------------------------------------------

        void assertConverged() {
            LocalNode hub = nodes.get(0);
            Map<String, String> hubStore = storeRows(hub);
            for (LocalNode device : devices()) {
                for (SyncableModel model : FacilityDataModels.all()) {
                    assertSame(model.name() + " records", device, appData(hub, model.name()),
                            appData(device, model.name()));
                }
                assertSame("store rows", device, hubStore, storeRows(device));
            }
            int single = 0;
            int concurrent = 0;
            for (Map.Entry<RecordRef, Map<String, State>> entry : lastWrites.entrySet()) {
                RecordRef ref = entry.getKey();
                State actual = State.of(hub.records().read(PROFILE, ref.model(), ref.id()));
                Map<String, State> writes = entry.getValue();
                if (writes.size() == 1) {
                    single++;
                    Map.Entry<String, State> only = writes.entrySet().iterator().next();
                    assertEquals(only.getValue(), actual, () -> ref + " was written on " + only.getKey()
                            + " only, yet ends differently from its last write there");
                } else {
                    concurrent++;
                    assertTrue(writes.containsValue(actual), () -> ref + " written on " + writes.keySet()
                            + " ends as " + actual + ", none of their last writes " + writes);
                }
            }
            System.out.println("ConvergenceTest: " + lastWrites.size() + " records written (" + single
                    + " by one node, " + concurrent + " by several), " + log.size() + " operations, "
                    + hubStore.size() + " store rows");
            assertTrue(single > 0 && concurrent > 0, "the run exercised both single and concurrent writers");
        }

        /** Fails naming the first records that differ, rather than dumping both tables. */
        void assertSame(String what, LocalNode device, Map<String, ?> hub, Map<String, ?> other) {
            List<String> differences = new ArrayList<>();
            TreeMap<String, Object> all = new TreeMap<>(hub);
            other.forEach(all::putIfAbsent);
            for (String id : all.keySet()) {
                if (!Objects.equals(hub.get(id), other.get(id)) && differences.size() < 5) {
                    differences.add(id + ": hub " + hub.get(id) + " / " + device.name() + " " + other.get(id));
                }
            }
            if (!differences.isEmpty()) {
                fail(what + " differ between hub and " + device.name() + " after quiescence, e.g.\n  "
                        + String.join("\n  ", differences));
            }
        }

        /** A model's records on a node, every field, by id. */
        static Map<String, String> appData(LocalNode node, String model) {
            Map<String, String> rows = new TreeMap<>();
            node.records().forEach(PROFILE, model, record -> rows.put(record.id(),
                    record.partition() + " " + record.sourceId() + " " + new TreeMap<>(record.values())));
            return rows;
        }

        /** The facility's store rows of a node: id to what must agree everywhere. None may be left dirty. */
        Map<String, String> storeRows(LocalNode node) {
            return node.database().read(transaction -> {
                Map<String, String> rows = new TreeMap<>();
                try (PreparedStatement statement = transaction.prepare("SELECT id, model_name, partition, serialized,"
                        + " deleted, hard_deleted, last_saved_instance, last_saved_counter, dirty_bit,"
                        + " deserialization_error FROM morango_store WHERE profile = ? AND partition LIKE ?")) {
                    statement.setString(1, PROFILE);
                    statement.setString(2, dataset + "%");
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            String id = result.getString("id");
                            if (result.getBoolean("dirty_bit") || !result.getString("deserialization_error").isEmpty()) {
                                fail(node.name() + " left store row " + id + " (" + result.getString("model_name")
                                        + ") dirty: " + result.getString("deserialization_error"));
                            }
                            String serialized = result.getString("serialized");
                            String json;
                            try {
                                json = serialized.isEmpty() ? "" : JSON.readTree(serialized).toString();
                            } catch (java.io.IOException e) {
                                throw new AssertionError(node.name() + " stores unreadable JSON for " + id, e);
                            }
                            rows.put(id, result.getString("model_name") + " " + result.getString("partition")
                                    + " deleted=" + result.getBoolean("deleted")
                                    + " hard_deleted=" + result.getBoolean("hard_deleted")
                                    + " stamp=" + result.getString("last_saved_instance") + ":"
                                    + result.getLong("last_saved_counter") + " " + json);
                        }
                    }
                }
                return rows;
            });
        }

        // ---- helpers ---------------------------------------------------------------------------

        List<LocalNode> devices() {
            return nodes.subList(1, nodes.size());
        }

        SyncFilter fullFacility() {
            return SyncFilter.of(dataset);
        }

        /** Kolibri's single-user scope: the user's read-write and read-only partitions and what all users read. */
        SyncFilter singleUser(String user) {
            return SyncFilter.of(dataset + ":user-rw:" + user, dataset + ":user-ro:" + user, dataset + ":allusers-ro");
        }

        String hex32() {
            return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
        }

        static LocalNode node(String name, DatabaseKind kind) {
            return new LocalNode(name, databases.migrated(kind), PROFILE, new FacilityDataProfile());
        }

        @Override
        public void close() {
            nodes.forEach(LocalNode::close);
        }
    }
}
