package org.facilitysync.extras;

import static org.facilitysync.extras.BackgroundSyncTest.assertSameData;
import static org.facilitysync.extras.BackgroundSyncTest.assertSameRecords;
import static org.facilitysync.extras.BackgroundSyncTest.jobStages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.http.client.MorangoHttpClient;
import org.facilitysync.core.internal.http.client.RequestTimes;
import org.facilitysync.core.internal.http.client.RetryPolicy;
import org.facilitysync.core.internal.http.server.ApiTestServer;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.core.testsupport.TestDatabases.EmptyDatabase;
import org.facilitysync.extras.BackgroundSyncTest.BlockingStage;
import org.facilitysync.extras.BackgroundSyncTest.SlowStage;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #5's two-real-node tests over real HTTP: the hub is a node whose Morango API runs in an embedded
 * Jetty on 127.0.0.1 (the servlet the container serves), with the extras and a test plugin that makes
 * one of its stages slow, fail or block; the device is a node that syncs through {@link HttpPeer} with
 * certificates the hub trusts. The client's {@link RequestTimes} time every HTTP request it makes.
 */
class BackgroundHttpSyncTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100)
            .withTimeout(Duration.ofMinutes(2));
    private static final Duration SLOW = Duration.ofSeconds(3);
    /**
     * A request that did not wait for a {@link #SLOW} stage: the behaviour under test is "no request holds the
     * stage's time", so the bound sits below the stage's 3 s, not at a speed figure a loaded machine may miss.
     */
    private static final Duration SHORT_REQUEST = SLOW.minusMillis(500);
    /** Few, quick retries: a killed server must end the client's sync in seconds, not Morango's minutes. */
    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(200), 3,
            Duration.ofSeconds(30), Duration.ofSeconds(30));
    private static final AtomicLong IDS = new AtomicLong(-3_000_000);

    private static final Map<String, String> FINALIZATION = Map.of("background.finalization", "true");
    private static final Map<String, String> BOTH = Map.of("background.finalization", "true",
            "background.initialization", "true");

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyRequestOfAPushWithBackgroundFinalizationIsShort(DatabaseKind kind) throws Exception {
        SlowStage slow = new SlowStage(SyncStage.DESERIALIZING, SLOW);
        try (Hub hub = Hub.start(databases.empty(kind), BOTH, slow, null);
                Device device = Device.of("device", kind, hub)) {
            FacilityDataGenerator facility = facility(300, 3, hub.root);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            HttpPeer peer = device.peer(hub);

            TransferResult push = device.node.syncService().push(peer, SyncFilter.of(facility.datasetId()), OPTIONS);

            RequestTimes requests = peer.client().requestTimes();
            assertTrue(push.succeeded(), () -> "push failed: " + push);
            assertTrue(push.elapsed().compareTo(SLOW) >= 0, "the client polled through the slow job: " + push.elapsed());
            assertShort(requests);
            assertTrue(requests.count() > 10, "the client kept polling: " + requests);
            assertEquals(List.of(true), slow.ranOnJobThreads(), "the slow stage ran once, in a job");
            assertTrue(hub.extras.awaitIdle(Duration.ofSeconds(30)), "the cleanup job ends");
            assertSameData(hub.node, device.node);
            assertEquals(Set.of("dequeuing", "deserializing", "cleanup"), jobStages(hub.node, push));
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyRequestOfAPullWithBackgroundInitializationIsShort(DatabaseKind kind) throws Exception {
        SlowStage slow = new SlowStage(SyncStage.SERIALIZING, SLOW);
        try (Hub hub = Hub.start(databases.empty(kind), BOTH, slow, null);
                Device device = Device.of("device", kind, hub)) {
            FacilityDataGenerator facility = facility(300, 5, hub.root);
            facility.records().forEach(record -> record.createIn(hub.node.records()));
            HttpPeer peer = device.peer(hub);

            TransferResult pull = device.node.syncService().pull(peer, SyncFilter.of(facility.datasetId()), OPTIONS);

            RequestTimes requests = peer.client().requestTimes();
            assertTrue(pull.succeeded(), () -> "pull failed: " + pull);
            assertEquals(facility.recordCount(), pull.recordsTransferred());
            assertTrue(pull.elapsed().compareTo(SLOW) >= 0, "the client polled through the slow job: " + pull.elapsed());
            assertShort(requests);
            assertEquals(List.of(true), slow.ranOnJobThreads(), "the slow stage ran once, in a job");
            assertTrue(hub.extras.awaitIdle(Duration.ofSeconds(30)));
            assertSameData(hub.node, device.node);
            assertEquals(Set.of("serializing", "queuing"), jobStages(hub.node, pull));
            peer.close();
        }
    }

    @Test
    void aJobThatThrowsEndsTheClientsSyncWithItsMessage() throws Exception {
        SlowStage failing = new SlowStage(SyncStage.DESERIALIZING, Duration.ofMillis(500));
        failing.failure = "the disk is on fire";
        try (Hub hub = Hub.start(databases.empty(DatabaseKind.SQLITE), FINALIZATION, failing, null);
                Device device = Device.of("device", DatabaseKind.SQLITE, hub)) {
            FacilityDataGenerator facility = facility(100, 7, hub.root);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            HttpPeer peer = device.peer(hub);

            TransferResult push = device.node.syncService().push(peer, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertEquals(TransferStatus.ERRORED, push.status(), () -> push.toString());
            assertEquals(SyncStage.DESERIALIZING, push.stage());
            assertTrue(push.error().contains("the disk is on fire"), push.error());
            assertTrue(push.elapsed().compareTo(Duration.ofSeconds(30)) < 0, "ended long before the client's timeout: "
                    + push.elapsed());
            assertShort(peer.client().requestTimes());
        }
    }

    @Test
    void aJobPastItsTimeoutEndsTheClientsSyncWithinSeconds() throws Exception {
        SlowStage hanging = new SlowStage(SyncStage.DEQUEUING, Duration.ofMinutes(5));
        Map<String, String> config = Map.of("background.finalization", "true", "background.job.timeout.seconds", "1");
        try (Hub hub = Hub.start(databases.empty(DatabaseKind.SQLITE), config, hanging, null);
                Device device = Device.of("device", DatabaseKind.SQLITE, hub)) {
            FacilityDataGenerator facility = facility(100, 9, hub.root);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            HttpPeer peer = device.peer(hub);

            TransferResult push = device.node.syncService().push(peer, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertEquals(TransferStatus.ERRORED, push.status(), () -> push.toString());
            assertEquals(SyncStage.DEQUEUING, push.stage());
            assertTrue(push.error().contains("timed out after 1 s"), push.error());
            assertTrue(push.elapsed().compareTo(Duration.ofSeconds(20)) < 0, "stopped, not waited for: "
                    + push.elapsed());
            assertShort(peer.client().requestTimes());
            assertTrue(hanging.interrupted.await(10, TimeUnit.SECONDS), "the job's thread was interrupted");
        }
    }

    @Test
    void aServerKilledWhileAJobRunsFinishesTheResumedSyncAfterItsRestart() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        BlockingStage blocking = new BlockingStage(SyncStage.DESERIALIZING, never);
        EmptyDatabase hubFile = databases.empty(DatabaseKind.SQLITE);
        Hub hub = Hub.start(hubFile, FINALIZATION, blocking, null);
        try (Device device = Device.of("device", DatabaseKind.SQLITE, hub)) {
            FacilityDataGenerator facility = facility(200, 13, hub.root);
            facility.records().forEach(record -> record.createIn(device.node.records()));
            HttpPeer toOldHub = device.peer(hub);

            CompletableFuture<TransferResult> push = CompletableFuture.supplyAsync(() -> device.node.syncService()
                    .push(toOldHub, SyncFilter.of(facility.datasetId()), OPTIONS));
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS), "the deserializing job runs");
            // Kill: the HTTP server stops and the node's database is closed under the running job, which
            // never finishes. Its stored record says "running"; the session stays at deserializing.
            hub.kill();
            TransferResult broken = push.get(60, TimeUnit.SECONDS);
            assertEquals(TransferStatus.ERRORED, broken.status(), () -> broken.toString());
            assertTrue(broken.error().contains("cannot connect"), broken.error());

            // The restarted server: a new engine, extras and HTTP server (a new port) over the same file.
            try (Hub restarted = Hub.start(hubFile, FINALIZATION, null, hub.root)) {
                HttpPeer toNewHub = device.peer(restarted);
                toNewHub.resume(broken.syncSessionId());
                TransferResult resumed = device.node.syncService().resume(broken.transferSessionId(), toNewHub, OPTIONS);

                assertTrue(resumed.succeeded(), () -> "resume failed: " + resumed);
                assertShort(toNewHub.client().requestTimes());
                assertTrue(restarted.extras.awaitIdle(Duration.ofSeconds(30)));
                assertSameData(restarted.node, device.node);
                assertEquals(Set.of("dequeuing", "deserializing", "cleanup"), jobStages(restarted.node, resumed),
                        "the job left running by the kill ran again, to completion");
                toNewHub.close();
            }
        } finally {
            // The old job's thread goes on now; with its database closed it can change nothing.
            never.countDown();
            hub.extras.awaitIdle(Duration.ofSeconds(10));
            hub.extras.close();
        }
    }

    @Test
    void stoppingTheExtrasWhileAJobIsQueuedStillCompletesTheSync() throws Exception {
        // One worker, held by the first device's job; the second device's job waits in the queue.
        CountDownLatch release = new CountDownLatch(1);
        BlockingStage blocking = new BlockingStage(SyncStage.DEQUEUING, release);
        Map<String, String> config = Map.of("background.finalization", "true", "background.workers", "1");
        Hub hub = Hub.start(databases.empty(DatabaseKind.SQLITE), config, blocking, null);
        // A second facility on the hub, so that each device's records can be told apart.
        IssuedCertificate otherRoot = hub.addFacility();
        try (hub; Device first = Device.of("first", DatabaseKind.SQLITE, hub);
                Device second = Device.of("second", DatabaseKind.SQLITE, hub, otherRoot)) {
            FacilityDataGenerator facility = facility(100, 11, hub.root);
            facility.records().forEach(record -> record.createIn(first.node.records()));
            FacilityDataGenerator other = facility(100, 12, otherRoot);
            other.records().forEach(record -> record.createIn(second.node.records()));
            HttpPeer firstPeer = first.peer(hub);
            HttpPeer secondPeer = second.peer(hub);

            CompletableFuture<TransferResult> firstPush = CompletableFuture.supplyAsync(() -> first.node.syncService()
                    .push(firstPeer, SyncFilter.of(facility.datasetId()), OPTIONS));
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS), "the first job holds the only worker");
            CompletableFuture<TransferResult> secondPush = CompletableFuture.supplyAsync(() -> second.node
                    .syncService().push(secondPeer, SyncFilter.of(other.datasetId()), OPTIONS));
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
            // Done inline after the switch-off, the second push's dequeuing holds no request long either.
            assertShort(secondPeer.client().requestTimes());
        }
    }

    // ---- fixtures

    private static void assertShort(RequestTimes requests) {
        System.out.println("HTTP requests of the client: " + requests);
        assertTrue(requests.longestDuration().compareTo(SHORT_REQUEST) < 0, "a request waited as long as a slow stage: "
                + requests);
    }

    /** The hub: a node on a database file, the extras registered with it, its API over HTTP. */
    private static final class Hub implements AutoCloseable {
        final LocalNode node;
        final BackgroundExtras extras;
        final ApiTestServer http;
        final IssuedCertificate root;

        private Hub(LocalNode node, BackgroundExtras extras, ApiTestServer http, IssuedCertificate root) {
            this.node = node;
            this.extras = extras;
            this.http = http;
            this.root = root;
        }

        /**
         * Opens (and migrates) {@code file}, registers the extras and {@code plugin}, serves the API; with
         * a {@code root} of null the hub makes its facility's root certificate, else it has it stored.
         */
        static Hub start(EmptyDatabase file, Map<String, String> config, SyncOperation plugin, IssuedCertificate root)
                throws Exception {
            LocalNode node = new LocalNode("hub", databases.open(file, file.dialect()), PROFILE,
                    new FacilityDataProfile());
            BackgroundExtras extras = ExtrasConfig.extras(node.pipeline(), config);
            extras.registerAll((operation, priority, stages) -> node.pipeline().registerEmbedded(IDS.getAndDecrement(),
                    operation, priority, stages, ExtrasSettings.PID + " (test)"));
            if (plugin != null) {
                node.pipeline().registerEmbedded(IDS.getAndDecrement(), plugin, SyncOperation.DEFAULT_PRIORITY,
                        EnumSet.allOf(SyncStage.class), "test plugin");
            }
            ApiTestServer http = new ApiTestServer(node);
            IssuedCertificate facilityRoot = root;
            if (facilityRoot == null) {
                facilityRoot = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
                http.certificates().saveOwned(facilityRoot);
            }
            return new Hub(node, extras, http, facilityRoot);
        }

        /** Another facility on the hub: its root certificate, stored as owned. */
        IssuedCertificate addFacility() {
            IssuedCertificate another = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
            http.certificates().saveOwned(another);
            return another;
        }

        /** What a killed process leaves: no HTTP server, the database closed; running jobs stay stuck. */
        void kill() throws Exception {
            http.close();
        }

        @Override
        public void close() throws Exception {
            extras.awaitIdle(Duration.ofSeconds(10));
            extras.close();
            http.close();
        }
    }

    /** A device: a node with a full-facility certificate the hub signed, syncing over HTTP. */
    private static final class Device implements AutoCloseable {
        final LocalNode node;
        private final List<Certificate> chain;
        private final RsaKey key;
        private final Certificate server;

        private Device(LocalNode node, List<Certificate> chain, RsaKey key, Certificate server) {
            this.node = node;
            this.chain = chain;
            this.key = key;
            this.server = server;
        }

        static Device of(String name, DatabaseKind kind, Hub hub) {
            return of(name, kind, hub, hub.root);
        }

        /** A device of the facility whose root certificate (on the hub) is {@code root}. */
        static Device of(String name, DatabaseKind kind, Hub hub, IssuedCertificate root) {
            RsaKey key = RsaKey.generate();
            String datasetId = root.certificate().id();
            Certificate own = CertificateIssuer.child(root, PROFILE, FacilityScopes.FULL_FACILITY.id(),
                    FacilityScopes.FULL_FACILITY.version(), ScopeParams.write(Map.of("dataset_id", datasetId)),
                    key.publicKeyString(), CertificateIssuer.newSalt());
            LocalNode node = new LocalNode(name, databases.migrated(kind), PROFILE, new FacilityDataProfile());
            return new Device(node, List.of(root.certificate(), own), key, root.certificate());
        }

        /** A new HTTP line to {@code hub}, with its own client (so its own request times). */
        HttpPeer peer(Hub hub) {
            MorangoHttpClient client = MorangoHttpClient.builder(hub.http.baseUrl()).retryPolicy(QUICK_RETRIES).build();
            return new HttpPeer(client, chain, key, server);
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /** A facility in the dataset of {@code root}: the hub only syncs what its certificates' scopes cover. */
    private static FacilityDataGenerator facility(int records, long seed, IssuedCertificate root) {
        return new FacilityDataGenerator(GeneratorSpec.ofRecords(records), seed).withDatasetId(root.certificate().id());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }
}
