package org.facilitysync.extras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two real nodes of the engine in one JVM, each on its own real database, syncing through the in-process
 * peer (the same server calls the HTTP endpoints make): the hub has the extras, and a test plugin makes
 * one of its stages slow, fail or hang. Every server call is timed, as each stands for one HTTP request.
 */
class BackgroundSyncTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100)
            .withTimeout(Duration.ofMinutes(2));
    private static final Duration SLOW = Duration.ofSeconds(3);
    private static final AtomicLong IDS = new AtomicLong(-1_000_000);

    private static final Map<String, String> FINALIZATION = Map.of("background.finalization", "true");
    private static final Map<String, String> INITIALIZATION = Map.of("background.initialization", "true");
    private static final Map<String, String> BOTH = Map.of("background.finalization", "true",
            "background.initialization", "true");

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aPushWithBackgroundFinalizationNeverWaitsInAServerCall(DatabaseKind kind) throws Exception {
        SlowStage slow = new SlowStage(SyncStage.DESERIALIZING, SLOW);
        try (Node hub = node("hub", kind, BOTH, slow); Node device = node("device", kind, BOTH, null)) {
            FacilityDataGenerator facility = facility(300, 3);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            TimingPeer toHub = new TimingPeer(hub.node.asPeer());

            long start = System.nanoTime();
            TransferResult push = device.node.syncService().push(toHub, SyncFilter.of(facility.datasetId()), OPTIONS);
            long took = (System.nanoTime() - start) / 1_000_000;

            assertTrue(push.succeeded(), () -> "push failed: " + push);
            assertTrue(took >= SLOW.toMillis(), "the client waited for the job: " + took + " ms");
            assertTrue(toHub.longestCallMillis() < 1000, "longest server call " + toHub.longestCallMillis() + " ms");
            assertEquals(List.of(true), slow.ranOnJobThreads(), "the slow stage ran once, in a job");
            assertTrue(hub.extras.awaitIdle(Duration.ofSeconds(30)), "the cleanup job ends");
            assertSameData(hub.node, device.node);
            assertEquals(Set.of("dequeuing", "deserializing", "cleanup"), jobStages(hub.node, push),
                    "one job per deferred stage, all completed");
            assertEquals(Set.of(), jobStages(device.node, push), "the client's own stages are never deferred");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aPullWithBackgroundInitializationNeverWaitsInAServerCall(DatabaseKind kind) throws Exception {
        SlowStage slow = new SlowStage(SyncStage.SERIALIZING, SLOW);
        try (Node hub = node("hub", kind, BOTH, slow); Node device = node("device", kind, BOTH, null)) {
            FacilityDataGenerator facility = facility(300, 5);
            facility.records().forEach(record -> record.createIn(hub.node.records()));
            TimingPeer toHub = new TimingPeer(hub.node.asPeer());

            TransferResult pull = device.node.syncService().pull(toHub, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertTrue(pull.succeeded(), () -> "pull failed: " + pull);
            assertEquals(facility.recordCount(), pull.recordsTransferred());
            assertTrue(toHub.longestCallMillis() < 1000, "longest server call " + toHub.longestCallMillis() + " ms");
            assertEquals(List.of(true), slow.ranOnJobThreads());
            assertTrue(hub.extras.awaitIdle(Duration.ofSeconds(30)));
            assertSameData(hub.node, device.node);
            assertEquals(Set.of("serializing", "queuing"), jobStages(hub.node, pull));
            assertEquals(Set.of(), jobStages(device.node, pull), "the client's own stages are never deferred");
        }
    }

    @Test
    void aJobThatThrowsEndsTheClientsSyncWithItsMessage() throws Exception {
        SlowStage failing = new SlowStage(SyncStage.DESERIALIZING, Duration.ofMillis(500));
        failing.failure = "the disk is on fire";
        try (Node hub = node("hub", DatabaseKind.SQLITE, FINALIZATION, failing);
                Node device = node("device", DatabaseKind.SQLITE, Map.of(), null)) {
            FacilityDataGenerator facility = facility(100, 7);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            TimingPeer toHub = new TimingPeer(hub.node.asPeer());

            TransferResult push = device.node.syncService().push(toHub, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertEquals(TransferStatus.ERRORED, push.status());
            assertEquals(SyncStage.DESERIALIZING, push.stage());
            assertTrue(push.error().contains("the disk is on fire"), push.error());
            assertTrue(push.elapsed().compareTo(Duration.ofSeconds(30)) < 0, "ended long before the client's timeout");
            assertTrue(toHub.longestCallMillis() < 1000, "longest server call " + toHub.longestCallMillis() + " ms");
        }
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndItsStageErrored() throws Exception {
        SlowStage hanging = new SlowStage(SyncStage.DEQUEUING, Duration.ofMinutes(5));
        Map<String, String> config = Map.of("background.finalization", "true", "background.job.timeout.seconds", "1");
        try (Node hub = node("hub", DatabaseKind.SQLITE, config, hanging);
                Node device = node("device", DatabaseKind.SQLITE, Map.of(), null)) {
            FacilityDataGenerator facility = facility(100, 9);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            TimingPeer toHub = new TimingPeer(hub.node.asPeer());

            TransferResult push = device.node.syncService().push(toHub, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertEquals(TransferStatus.ERRORED, push.status());
            assertEquals(SyncStage.DEQUEUING, push.stage());
            assertTrue(push.error().contains("timed out after 1 s"), push.error());
            assertTrue(push.elapsed().compareTo(Duration.ofSeconds(20)) < 0, "stopped, not waited for: "
                    + push.elapsed());
            assertTrue(hanging.interrupted.await(10, TimeUnit.SECONDS), "the job's thread was interrupted");
        }
    }

    @Test
    void switchingTheExtrasOffWhileAJobIsQueuedStillCompletesTheSync() throws Exception {
        // One worker, held by the first device's job; the second device's job waits in the queue.
        CountDownLatch release = new CountDownLatch(1);
        BlockingStage blocking = new BlockingStage(SyncStage.DEQUEUING, release);
        Map<String, String> config = Map.of("background.finalization", "true", "background.workers", "1");
        try (Node hub = node("hub", DatabaseKind.SQLITE, config, blocking);
                Node first = node("first", DatabaseKind.SQLITE, Map.of(), null);
                Node second = node("second", DatabaseKind.SQLITE, Map.of(), null)) {
            FacilityDataGenerator facility = facility(100, 11);
            facility.records().forEach(record -> record.createIn(first.node.records()));
            FacilityDataGenerator other = facility(100, 12);
            other.records().forEach(record -> record.createIn(second.node.records()));

            CompletableFuture<TransferResult> firstPush = CompletableFuture.supplyAsync(() -> first.node.syncService()
                    .push(hub.node.asPeer(), SyncFilter.of(facility.datasetId()), OPTIONS));
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS), "the first job holds the only worker");
            CompletableFuture<TransferResult> secondPush = CompletableFuture.supplyAsync(() -> second.node.syncService()
                    .push(hub.node.asPeer(), SyncFilter.of(other.datasetId()), OPTIONS));
            waitFor(() -> hub.extras.liveJobs() == 2, "the second job is queued");

            // The bundle stops (or its configuration is deleted): the queued job will never run.
            CompletableFuture<Void> switchedOff = CompletableFuture.runAsync(hub.extras::close);
            TransferResult secondResult = secondPush.get(60, TimeUnit.SECONDS);
            assertTrue(secondResult.succeeded(), () -> "second push failed: " + secondResult);

            release.countDown();
            TransferResult firstResult = firstPush.get(60, TimeUnit.SECONDS);
            assertTrue(firstResult.succeeded(), () -> "first push failed: " + firstResult);
            switchedOff.get(30, TimeUnit.SECONDS);
            assertSameRecords(hub.node, first.node, facility);
            assertSameRecords(hub.node, second.node, other);
        }
    }

    @Test
    void aServerKilledWhileAJobRunsRunsItAgainWhenTheClientResumes() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        BlockingStage blocking = new BlockingStage(SyncStage.DESERIALIZING, never);
        Node hub = node("hub", DatabaseKind.SQLITE, FINALIZATION, blocking);
        try (Node device = node("device", DatabaseKind.SQLITE, Map.of(), null)) {
            FacilityDataGenerator facility = facility(200, 13);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            TimingPeer toOldHub = new TimingPeer(hub.node.asPeer());

            CompletableFuture<TransferResult> push = CompletableFuture.supplyAsync(() -> device.node.syncService()
                    .push(toOldHub, SyncFilter.of(facility.datasetId()), OPTIONS));
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS), "the deserializing job runs");
            // Kill: the link goes down, and the job (and its process) never finish. Its stored record says
            // "running"; the session stays at deserializing.
            toOldHub.cut();
            TransferResult broken = push.get(60, TimeUnit.SECONDS);
            assertEquals(TransferStatus.ERRORED, broken.status());

            // The killed node's step lease runs out (here at once; its blocked thread lives on in this JVM, a
            // killed process would stop renewing it).
            hub.node.database().inTransaction(tx -> tx.update(
                    "UPDATE morango_transfersession SET fs_step_owner = NULL, fs_step_until = NULL"));
            // The restarted server: a new engine, pipeline and extras over the same database.
            LocalNode restarted = new LocalNode("hub restarted", hub.node.database(), PROFILE, new FacilityDataProfile());
            try (BackgroundExtras extras = ExtrasConfig.extras(restarted.pipeline(), FINALIZATION)) {
                register(restarted, extras, null);
                TimingPeer toNewHub = new TimingPeer(restarted.asPeer());
                TransferResult resumed = device.node.syncService().resume(broken.transferSessionId(), toNewHub,
                        OPTIONS);
                assertTrue(resumed.succeeded(), () -> "resume failed: " + resumed);
                assertTrue(toNewHub.longestCallMillis() < 1000, "longest call " + toNewHub.longestCallMillis());
                assertTrue(extras.awaitIdle(Duration.ofSeconds(30)));
                assertSameData(restarted, device.node);
            }
        } finally {
            // The old job finishes now; its late step changes nothing (the session has moved on).
            never.countDown();
            hub.extras.awaitIdle(Duration.ofSeconds(10));
            hub.extras.close();
            hub.node.close();
        }
    }

    // ---- fixtures

    /** A hub or device: an engine node, and the extras registered with it as the bundle would. */
    private record Node(LocalNode node, BackgroundExtras extras) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            extras.awaitIdle(Duration.ofSeconds(10));
            extras.close();
            node.close();
        }
    }

    private static Node node(String name, DatabaseKind kind, Map<String, String> config, SyncOperation plugin) {
        LocalNode node = new LocalNode(name, databases.migrated(kind), PROFILE, new FacilityDataProfile());
        BackgroundExtras extras = ExtrasConfig.extras(node.pipeline(), config);
        register(node, extras, plugin);
        return new Node(node, extras);
    }

    /** Both operations for every stage their mode may take (the settings decide which they do take). */
    private static void register(LocalNode node, BackgroundExtras extras, SyncOperation plugin) {
        extras.registerAll((operation, priority, stages) -> node.pipeline().registerEmbedded(IDS.getAndDecrement(),
                operation, priority, stages, ExtrasSettings.PID + " (test)"));
        if (plugin != null) {
            node.pipeline().registerEmbedded(IDS.getAndDecrement(), plugin, SyncOperation.DEFAULT_PRIORITY,
                    EnumSet.allOf(SyncStage.class), "test plugin");
        }
    }

    private static FacilityDataGenerator facility(int records, long seed) {
        return new FacilityDataGenerator(GeneratorSpec.ofRecords(records), seed);
    }

    /** The stages of the transfer that have a completed job record on {@code node}. */
    static Set<String> jobStages(LocalNode node, TransferResult result) {
        Set<String> stages = new java.util.TreeSet<>();
        String prefix = JobRecord.KEY_PREFIX + result.transferSessionId() + ":";
        node.engine().transfers().attributes(result.syncSessionId()).forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                assertEquals(JobRecord.State.COMPLETED, JobRecord.parse(key, value).state(), key + " = " + value);
                stages.add(key.substring(prefix.length()));
            }
        });
        return stages;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    static void assertSameData(LocalNode a, LocalNode b) {
        for (SyncableModel model : FacilityDataModels.all()) {
            assertEquals(contents(a.records(), model.name(), null), contents(b.records(), model.name(), null),
                    () -> model.name() + " differs between " + a.name() + " and " + b.name());
        }
    }

    /** The records of {@code facility}'s dataset are the same on both nodes. */
    static void assertSameRecords(LocalNode a, LocalNode b, FacilityDataGenerator facility) {
        for (SyncableModel model : FacilityDataModels.all()) {
            Map<String, Object> onA = contents(a.records(), model.name(), facility.datasetId());
            assertEquals(onA, contents(b.records(), model.name(), facility.datasetId()),
                    () -> model.name() + " differs between " + a.name() + " and " + b.name());
        }
        assertFalse(contents(a.records(), "facilityuser", facility.datasetId()).isEmpty());
    }

    private static Map<String, Object> contents(SyncRecords records, String model, String datasetId) {
        Map<String, Object> rows = new TreeMap<>();
        records.forEach(PROFILE, model, record -> {
            if (datasetId != null && !record.partition().startsWith(datasetId)) {
                return;
            }
            Map<String, Object> row = new HashMap<>(record.values());
            row.put("_partition", record.partition());
            row.put("_source_id", record.sourceId());
            rows.put(record.id(), row);
        });
        return rows;
    }

    /** A plugin that makes a server-side stage slow, or fail, then leaves the stage to the engine. */
    static final class SlowStage implements SyncOperation {
        private final SyncStage stage;
        private final Duration delay;
        private final List<Boolean> onJobThreads = new CopyOnWriteArrayList<>();
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile String failure;

        SlowStage(SyncStage stage, Duration delay) {
            this.stage = stage;
            this.delay = delay;
        }

        List<Boolean> ranOnJobThreads() {
            return onJobThreads;
        }

        @Override
        public StageResult handle(SyncContext context) throws Exception {
            if (context.stage() != stage || context.isClient()) {
                return StageResult.SKIPPED;
            }
            onJobThreads.add(Thread.currentThread().getName().startsWith("facilitysync-extras-job-"));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException stopped) {
                interrupted.countDown();
                throw stopped;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return StageResult.SKIPPED;
        }
    }

    /** A plugin whose first server-side run of a stage blocks until released. */
    static final class BlockingStage implements SyncOperation {
        private final SyncStage stage;
        private final CountDownLatch release;
        private final AtomicReference<String> blockedSession = new AtomicReference<>();
        final CountDownLatch entered = new CountDownLatch(1);

        BlockingStage(SyncStage stage, CountDownLatch release) {
            this.stage = stage;
            this.release = release;
        }

        @Override
        public StageResult handle(SyncContext context) throws Exception {
            if (context.stage() != stage || context.isClient()) {
                return StageResult.SKIPPED;
            }
            if (blockedSession.compareAndSet(null, context.transferSessionId())) {
                entered.countDown();
                release.await();
            }
            return StageResult.SKIPPED;
        }
    }
}
