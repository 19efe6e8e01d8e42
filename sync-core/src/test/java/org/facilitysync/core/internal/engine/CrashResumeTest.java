package org.facilitysync.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.execution.TransferSummary;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stage work is atomic across a real crash: a child JVM running a pull or a push between two nodes, both
 * on SQLite files or both on databases of the throwaway PostgreSQL server (the child is handed the
 * server through the environment and reaches the same one), is killed with SIGKILL at a chosen point
 * inside a stage, and the nodes reopened from their databases
 * must resume (or, when nothing was resumable, sync afresh) to a state where no record is lost,
 * duplicated or half applied. Both nodes live in the killed process, which is harsher than a real
 * network sync, where only one side dies.
 *
 * <p>The kill points are found by {@link CrashChildMain}: an operation ahead of the engine prints a
 * marker at the point, then either blocks (the kill lands at a known step boundary) or lets the engine
 * go on, and the parent kills a few ms after the marker, somewhere in that stage's database work.
 */
class CrashResumeTest {

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final int RECORDS = 2_000;
    private static final long SEED = 23;
    private static final int PULL_CHUNK = 100;
    private static final int PUSH_CHUNK = 40;
    private static final int EDITED = 300;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(PULL_CHUNK)
            .withTimeout(Duration.ofMinutes(2));

    @TempDir
    static Path dir;

    private static FacilityDataGenerator facility;
    private static SyncFilter filter;
    private static Map<String, Long> generatedCounts;
    private static final Map<DatabaseKind, Templates> templates = new EnumMap<>(DatabaseKind.class);

    /**
     * The databases every case of one kind starts from, and what they hold.
     *
     * @param storage where they are, and where the cases' copies go
     * @param freshHub the hub as generated
     * @param emptyDevice a device that never synced
     * @param syncedHub the hub after one complete pull
     * @param editedDevice the device after that pull and its edits
     * @param hubData the hub as generated: what every pull must leave untouched and copy to the device
     * @param editedDeviceData the device after its edits: what every push must leave untouched and copy to the hub
     */
    private record Templates(CrashNodeStorage storage, String freshHub, String emptyDevice, String syncedHub,
            String editedDevice, Map<String, Map<String, Object>> hubData,
            Map<String, Map<String, Object>> editedDeviceData) {
    }

    @BeforeAll
    static void generate() {
        facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(RECORDS), SEED);
        filter = SyncFilter.of(facility.datasetId());
        generatedCounts = facility.records()
                .collect(Collectors.groupingBy(GeneratedRecord::model, TreeMap::new, Collectors.counting()));
    }

    @AfterAll
    static void dropTemplates() {
        templates.values().forEach(t -> t.storage().close());
        templates.clear();
    }

    /** The templates of {@code kind}, made on first use (so a run of one kind needs only that database). */
    private static synchronized Templates templates(DatabaseKind kind) throws Exception {
        Templates made = templates.get(kind);
        if (made == null) {
            made = prepareTemplates(CrashNodeStorage.of(kind, dir));
            templates.put(kind, made);
        }
        return made;
    }

    private static Templates prepareTemplates(CrashNodeStorage storage) throws Exception {
        String freshHub = storage.create("template-hub");
        String emptyDevice = storage.create("template-device");
        Map<String, Map<String, Object>> hubData;
        try (LocalNode hub = CrashChildMain.open("hub", freshHub);
                LocalNode device = CrashChildMain.open("device", emptyDevice)) {
            hub.records().inTransaction(tx -> {
                facility.records().forEach(record -> record.createIn(tx));
                return null;
            });
            hubData = contents(hub);
        }
        // A hub and device after one complete pull, then edits on the device for the push cases.
        String syncedHub = storage.copy(freshHub, "template-synced-hub");
        String editedDevice = storage.copy(emptyDevice, "template-edited-device");
        Map<String, Map<String, Object>> editedDeviceData;
        try (LocalNode hub = CrashChildMain.open("hub", syncedHub);
                LocalNode device = CrashChildMain.open("device", editedDevice)) {
            TransferResult pull = device.syncService().pull(hub.asPeer(), filter, OPTIONS);
            assertTrue(pull.succeeded(), () -> "template pull failed: " + pull);
            List<SyncRecord> logs = new ArrayList<>();
            device.records().forEach(PROFILE, "contentsummarylog", record -> {
                if (logs.size() < EDITED) {
                    logs.add(record);
                }
            });
            assertEquals(EDITED, logs.size(), "the facility has enough logs to edit");
            device.records().inTransaction(tx -> {
                for (SyncRecord log : logs) {
                    tx.update(PROFILE, log.model(), log.id(), Map.of("progress", 0.25));
                }
                return null;
            });
            editedDeviceData = contents(device);
        }
        return new Templates(storage, freshHub, emptyDevice, syncedHub, editedDevice, hubData, editedDeviceData);
    }

    /** Every kill point on every kind of database. */
    static Stream<Arguments> killPoints() {
        return Stream.of(DatabaseKind.values()).flatMap(kind -> killPointsOnOneDatabase()
                .map(point -> {
                    List<Object> arguments = new ArrayList<>(List.of(point.get()));
                    arguments.add(0, kind);
                    return Arguments.of(arguments.toArray());
                }));
    }

    private static Stream<Arguments> killPointsOnOneDatabase() {
        List<Arguments> points = new ArrayList<>();
        // Pull, killed at the start of each stage (before the device's engine step for it).
        for (SyncStage stage : SyncStage.values()) {
            points.add(Arguments.of("pull", "device", stage, 1, "block", 0));
        }
        // Pull, killed between chunks: two chunks moved, the third not asked for.
        points.add(Arguments.of("pull", "device", SyncStage.TRANSFERRING, 3, "block", 0));
        // Pull, killed somewhere inside the device's dequeue and deserialization, and the hub's serialization.
        for (int delay : new int[] {1, 40, 200}) {
            points.add(Arguments.of("pull", "device", SyncStage.DEQUEUING, 1, "mark", delay));
        }
        for (int delay : new int[] {1, 100}) {
            points.add(Arguments.of("pull", "device", SyncStage.DESERIALIZING, 1, "mark", delay));
        }
        points.add(Arguments.of("pull", "hub", SyncStage.SERIALIZING, 1, "mark", 10));
        // Pull, killed with one side's step committed and the other side not told.
        points.add(Arguments.of("pull", "peer-before", SyncStage.TRANSFERRING, 2, "block", 0));
        points.add(Arguments.of("pull", "peer-after", SyncStage.SERIALIZING, 1, "block", 0));
        points.add(Arguments.of("pull", "peer-after", SyncStage.QUEUING, 1, "block", 0));
        points.add(Arguments.of("pull", "peer-before", SyncStage.DEQUEUING, 1, "block", 0));
        points.add(Arguments.of("pull", "peer-after", SyncStage.DESERIALIZING, 1, "block", 0));
        // Push: between chunks, at the start of dequeuing, and inside the hub's dequeue and deserialization.
        points.add(Arguments.of("push", "device", SyncStage.TRANSFERRING, 3, "block", 0));
        points.add(Arguments.of("push", "device", SyncStage.DEQUEUING, 1, "block", 0));
        for (int delay : new int[] {1, 40}) {
            points.add(Arguments.of("push", "hub", SyncStage.DEQUEUING, 1, "mark", delay));
        }
        // Push, killed with one side's step committed and the other side not told.
        points.add(Arguments.of("push", "peer-after", SyncStage.QUEUING, 1, "block", 0));
        points.add(Arguments.of("push", "peer-after", SyncStage.TRANSFERRING, 3, "block", 0));
        points.add(Arguments.of("push", "peer-after", SyncStage.DEQUEUING, 1, "block", 0));
        // Killed while the device makes the next chunk ready ahead and stores or sends the current one: the
        // third page fetched ahead on a pull (kill inside storing page two), the third chunk prepared ahead on a
        // push (kill while chunk two is sent and stored).
        points.add(Arguments.of("pull", "peer-ahead", SyncStage.TRANSFERRING, 3, "mark", 1));
        points.add(Arguments.of("pull", "peer-ahead", SyncStage.TRANSFERRING, 3, "mark", 30));
        points.add(Arguments.of("push", "peer-ahead", SyncStage.TRANSFERRING, 3, "mark", 1));
        // Killed after the hub's cleanup, before the device recorded it: see the disabled test below.
        return points.stream();
    }

    @ParameterizedTest(name = "{0} {1}: kill on {2} at {3} step {4} ({5} +{6} ms)")
    @MethodSource("killPoints")
    void killedInsideAStageResumesWithNothingLostOrDuplicated(DatabaseKind kind, String direction, String side,
            SyncStage stage, int call, String mode, int delayMs, @TempDir Path caseDir) throws Exception {
        crashAndRecover(kind, direction, side, stage, call, mode, delayMs, caseDir);
    }

    /**
     * A device killed after the hub completed its cleanup, before it recorded its own: the resume asks the
     * hub to clean up again, which must succeed (as after a lost answer on a real network).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SQLITE, pull", "SQLITE, push", "POSTGRESQL, pull", "POSTGRESQL, push"})
    void killedAfterTheHubsCleanupResumes(DatabaseKind kind, String direction, @TempDir Path caseDir)
            throws Exception {
        crashAndRecover(kind, direction, "peer-after", SyncStage.CLEANUP, 1, "block", 0, caseDir);
    }

    private static void crashAndRecover(DatabaseKind kind, String direction, String side, SyncStage stage, int call,
            String mode, int delayMs, Path caseDir) throws Exception {
        boolean push = direction.equals("push");
        Templates templates = templates(kind);
        CrashNodeStorage storage = templates.storage();
        String hubLocation = storage.copy(push ? templates.syncedHub() : templates.freshHub(), "hub");
        String deviceLocation = storage.copy(push ? templates.editedDevice() : templates.emptyDevice(), "device");
        try {
            String killedSession = runAndKill(storage, caseDir, hubLocation, deviceLocation, direction, side, stage,
                    call, mode, delayMs);
            recoverAndCheck(templates, hubLocation, deviceLocation, killedSession, kind, direction, side, stage, call,
                    mode, delayMs);
        } finally {
            storage.drop(hubLocation);
            storage.drop(deviceLocation);
        }
    }

    private static void recoverAndCheck(Templates templates, String hubLocation, String deviceLocation,
            String killedSession, DatabaseKind kind, String direction, String side, SyncStage stage, int call,
            String mode, int delayMs) throws Exception {
        boolean push = direction.equals("push");
        try (LocalNode hub = CrashChildMain.open("hub", hubLocation);
                LocalNode device = CrashChildMain.open("device", deviceLocation)) {
            List<TransferSummary> resumable = device.syncService().sessions().stream()
                    .filter(session -> session.active() && !session.server()).toList();
            System.out.printf("%s %s %s kill on %s at %s step %d (%s +%d ms) left: device sessions %s;"
                    + " device store %d (dirty %d), app %d, buffer %d; hub store %d (dirty %d), buffer %d%n",
                    CrashResumeTest.class.getSimpleName(), kind, direction, side, stage.wireName(), call, mode, delayMs,
                    device.syncService().sessions().stream().map(s -> s.stage().wireName() + "/" + s.status()
                            + (s.active() ? " active " : " ended ") + s.recordsTransferred() + "/" + s.recordsTotal())
                            .toList(),
                    count(device, "SELECT COUNT(*) FROM morango_store"),
                    count(device, "SELECT COUNT(*) FROM morango_store WHERE dirty_bit"),
                    appCounts(device).values().stream().mapToLong(Long::longValue).sum(),
                    count(device, "SELECT COUNT(*) FROM morango_buffer"),
                    count(hub, "SELECT COUNT(*) FROM morango_store"),
                    count(hub, "SELECT COUNT(*) FROM morango_store WHERE dirty_bit"),
                    count(hub, "SELECT COUNT(*) FROM morango_buffer"));
            assertTrue(resumable.size() <= 1, () -> "more than one transfer in progress: " + resumable);
            if (mode.equals("block")) {
                assertEquals(1, resumable.size(), "a transfer killed at a stage's start is resumable");
                assertEquals(killedSession, resumable.get(0).transferSessionId());
                assertEquals(stage, resumable.get(0).stage(), "the killed transfer is at the stage it was killed in");
            }
            TransferResult recovered;
            if (resumable.isEmpty()) {
                recovered = push ? device.syncService().push(hub.asPeer(), filter, OPTIONS)
                        : device.syncService().pull(hub.asPeer(), filter, OPTIONS);
            } else {
                recovered = device.syncService().resume(resumable.get(0).transferSessionId(), hub.asPeer(), OPTIONS);
            }
            assertTrue(recovered.succeeded(), () -> "recovery failed: " + recovered);

            TransferResult again = push ? device.syncService().push(hub.asPeer(), filter, OPTIONS)
                    : device.syncService().pull(hub.asPeer(), filter, OPTIONS);
            assertTrue(again.succeeded(), () -> "the pass after recovery failed: " + again);
            assertEquals(0, again.recordsTransferred(),
                    "after a complete recovery the next " + direction + " has nothing to move");

            Map<String, Map<String, Object>> expected = push ? templates.editedDeviceData() : templates.hubData();
            assertEquals(expected, contents(push ? device : hub),
                    (push ? "the device" : "the hub") + "'s data changed");
            assertEquals(expected, contents(push ? hub : device), "the nodes' data differ");
            for (LocalNode node : List.of(hub, device)) {
                assertEquals(generatedCounts, appCounts(node), node.name() + ": app records per model");
                assertEquals(generatedCounts, storeCounts(node), node.name() + ": store records per model");
                assertEquals(0, count(node, "SELECT COUNT(*) FROM morango_store WHERE dirty_bit"),
                        node.name() + ": dirty store rows");
                assertEquals(0, count(node, "SELECT COUNT(*) FROM morango_transfersession WHERE active"),
                        node.name() + ": transfer sessions still active");
                assertEquals(0, count(node, "SELECT COUNT(*) FROM morango_buffer WHERE transfer_session_id NOT IN"
                        + " (SELECT id FROM morango_transfersession WHERE active)"), node.name() + ": stale buffers");
                assertEquals(0, count(node, "SELECT COUNT(*) FROM morango_recordmaxcounterbuffer WHERE"
                        + " transfer_session_id NOT IN (SELECT id FROM morango_transfersession WHERE active)"),
                        node.name() + ": stale counter buffers");
                assertEquals(0, count(node, "SELECT COUNT(*) FROM fs_session_attribute WHERE key LIKE 'engine:%'"),
                        node.name() + ": the engine's done markers of finished transfers");
            }
        }
    }

    /**
     * Runs the child until its marker, kills it (after {@code delayMs}) and returns the transfer session
     * the marker named.
     */
    private static String runAndKill(CrashNodeStorage storage, Path caseDir, String hubLocation,
            String deviceLocation, String direction, String side, SyncStage stage, int call, String mode, int delayMs)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashChildMain.class.getName(),
                hubLocation, deviceLocation, facility.datasetId(), direction, side, stage.wireName(),
                Integer.toString(call), mode, Integer.toString(direction.equals("push") ? PUSH_CHUNK : PULL_CHUNK));
        builder.environment().putAll(storage.childEnvironment());
        Path errors = caseDir.resolve("child.err");
        builder.redirectError(errors.toFile());
        Process child = builder.start();
        List<String> output = new ArrayList<>();
        String session = null;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            child.onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> {
                child.destroyForcibly();
                return null;
            });
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith(CrashChildMain.MARKER)) {
                    if (delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    child.destroyForcibly();
                    session = line.substring(line.lastIndexOf(' ') + 1);
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        if (session == null) {
            fail("the child never reached the kill point; exit " + child.exitValue() + ", output " + output
                    + ", errors " + tail(errors));
        }
        return session;
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file);
        return text.length() > 3_000 ? text.substring(text.length() - 3_000) : text;
    }

    private static Map<String, Long> appCounts(LocalNode node) {
        Map<String, Long> counts = new TreeMap<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            long[] count = {0};
            node.records().forEach(PROFILE, model.name(), record -> count[0]++);
            if (count[0] > 0) {
                counts.put(model.name(), count[0]);
            }
        }
        return counts;
    }

    private static Map<String, Long> storeCounts(LocalNode node) {
        return node.database().read(tx -> {
            Map<String, Long> counts = new TreeMap<>();
            try (PreparedStatement query = tx.prepare("SELECT model_name, COUNT(*) FROM morango_store"
                    + " WHERE profile = ? GROUP BY model_name")) {
                query.setString(1, PROFILE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    private static long count(LocalNode node, String sql) {
        return node.database().read(tx -> {
            try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** Every record of every model, keyed by model then id, with its fields, partition and source id. */
    private static Map<String, Map<String, Object>> contents(LocalNode node) {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            Map<String, Object> rows = new TreeMap<>();
            node.records().forEach(PROFILE, model.name(), record -> {
                Map<String, Object> row = new HashMap<>(record.values());
                row.put("_partition", record.partition());
                row.put("_source_id", record.sourceId());
                rows.put(record.id(), row);
            });
            all.put(model.name(), rows);
        }
        return all;
    }
}
