package org.facilitysync.core.internal.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.BackgroundJob;
import org.facilitysync.api.monitor.DatabaseStatus;
import org.facilitysync.api.monitor.Outcome;
import org.facilitysync.api.monitor.PeerActivity;
import org.facilitysync.api.monitor.TransferActivity;
import org.facilitysync.core.internal.engine.InProcessPeer;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The monitor reads what the engine stored: real syncs between two in-process nodes, on both databases. */
class DatabaseSyncMonitorTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100).withTimeout(Duration.ofMinutes(2));

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void transfersAndPeersAreWhatTheEngineStored(DatabaseKind kind) {
        try (LocalNode hub = node("hub", kind); LocalNode device = node("device", kind)) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(300), 3);
            facility.records().forEach(record -> record.createIn(hub.records()));
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            Instant before = Instant.now().minusSeconds(1);
            InProcessPeer toHub = hub.asPeer();
            TransferResult pull = device.syncService().pull(toHub, filter, OPTIONS);
            long receivedByPull = toHub.bytesReceived();
            TransferResult push = device.syncService().push(hub.asPeer(), filter, OPTIONS);
            assertTrue(pull.succeeded() && push.succeeded(), () -> pull + " / " + push);

            DatabaseSyncMonitor monitor = new DatabaseSyncMonitor(device.database());
            List<TransferActivity> transfers = monitor.transfers(ActivityQuery.recent());
            assertEquals(2, transfers.size(), transfers::toString);
            TransferActivity latest = transfers.get(0);
            assertEquals(push.transferSessionId(), latest.transferSessionId(), "newest activity first");
            TransferActivity pulled = transfers.get(1);
            assertEquals(pull.transferSessionId(), pulled.transferSessionId());
            assertEquals("pull", pulled.direction());
            assertEquals("client", pulled.role());
            assertEquals(pull.recordsTransferred(), pulled.recordsTransferred());
            assertEquals(facility.recordCount(), pulled.recordsTotal());
            assertEquals(Outcome.COMPLETED, pulled.outcome());
            assertEquals(SyncStage.CLEANUP, pulled.stage());
            assertEquals(TransferStatus.COMPLETED, pulled.status());
            // each chunk adds its own bytes, not the connection's running total
            assertTrue(receivedByPull > 0);
            assertEquals(receivedByPull, pulled.bytesReceived());
            assertFalse(pulled.started().isBefore(before));

            assertTrue(monitor.transfers(ActivityQuery.recent().withInFlightOnly()).isEmpty());
            assertTrue(monitor.transfers(ActivityQuery.recent().withFailedOnly()).isEmpty());
            assertEquals(List.of(pulled), monitor.transfers(ActivityQuery.recent().withTransferSession(pull.transferSessionId())));
            assertEquals(1, monitor.transfers(ActivityQuery.recent().withLimit(1)).size());
            assertTrue(monitor.transfers(ActivityQuery.recent().withSince(Instant.now().plusSeconds(60))).isEmpty());

            List<PeerActivity> peers = monitor.peers(ActivityQuery.recent());
            assertEquals(1, peers.size(), peers::toString);
            assertEquals(2, peers.get(0).transfers());
            assertEquals(push.transferSessionId(), peers.get(0).latest().transferSessionId());

            // The hub sees the device's two transfers as their server.
            List<TransferActivity> served = new DatabaseSyncMonitor(hub.database()).transfers(ActivityQuery.recent());
            assertEquals(2, served.size());
            assertTrue(served.stream().allMatch(t -> t.role().equals("server")), served::toString);

            DatabaseStatus status = monitor.database();
            assertTrue(status.reachable(), status::toString);
            assertEquals(status.expectedSchemaVersion(), status.schemaVersion());
            assertEquals(kind == DatabaseKind.SQLITE, status.freeBytes() > 0, status::toString);
        }
    }

    @Test
    void backgroundJobRecordsAreReadAsTheExtrasBundleWritesThem() {
        BackgroundJob job = BackgroundJobRows.parse(BackgroundJobRows.KEY_PREFIX + "abc:dequeuing",
                "FAILED|2026-01-02T03:04:05Z|true|disk full").orElseThrow();
        assertEquals("abc", job.transferSessionId());
        assertEquals(SyncStage.DEQUEUING, job.stage());
        assertEquals("failed", job.state());
        assertEquals("disk full", job.error());
        assertTrue(job.failed());
        assertFalse(BackgroundJobRows.parse(BackgroundJobRows.KEY_PREFIX + "abc:nostage", "RUNNING|x|false|").isPresent());
        assertFalse(BackgroundJobRows.parse(BackgroundJobRows.KEY_PREFIX + "abc:cleanup", "garbage").isPresent());
    }

    @Test
    void aQueryRefusesALimitOutOfRangeAndSaysWhy() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ActivityQuery.recent().withLimit(0));
        assertTrue(refused.getMessage().contains("limit must be between 1 and 10000, got 0"), refused.getMessage());
    }

    private static LocalNode node(String name, DatabaseKind kind) {
        return new LocalNode(name, databases.migrated(kind), FacilityDataGenerator.PROFILE, new FacilityDataProfile());
    }
}
