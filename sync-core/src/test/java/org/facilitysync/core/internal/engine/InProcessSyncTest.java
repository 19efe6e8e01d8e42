package org.facilitysync.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes in one process, each on its own real database, syncing a generated facility through the
 * pipeline, the engine's stage operations and the server side, as a network sync will.
 */
class InProcessSyncTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100)
            .withTimeout(Duration.ofMinutes(2));

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pullPushDeleteAndNothingToDo(DatabaseKind kind) {
        try (LocalNode hub = node("hub", kind); LocalNode device = node("device", kind)) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(1_500), 7);
            facility.records().forEach(record -> record.createIn(hub.records()));
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            InProcessPeer toHub = hub.asPeer();

            TransferResult pull = device.syncService().pull(toHub, filter, OPTIONS);
            assertTrue(pull.succeeded(), () -> "pull failed: " + pull);
            assertEquals(facility.recordCount(), pull.recordsTransferred());
            assertSameData(hub, device);

            // Edits on the device travel back with a push.
            List<SyncRecord> logs = first(device.records(), "contentsummarylog", 20);
            for (SyncRecord log : logs) {
                device.records().update(PROFILE, log.model(), log.id(), Map.of("progress", 0.5));
            }
            SyncRecord membership = first(device.records(), "membership", 1).get(0);
            assertTrue(device.records().delete(PROFILE, "membership", membership.id()));

            TransferResult push = device.syncService().push(toHub, filter, OPTIONS);
            assertTrue(push.succeeded(), () -> "push failed: " + push);
            assertEquals(21, push.recordsTransferred(), "20 updates and one deletion");
            assertSameData(hub, device);
            assertFalse(hub.records().read(PROFILE, "membership", membership.id()).isPresent());

            // A deletion on the hub reaches the device with the next pull.
            SyncRecord role = first(hub.records(), "role", 1).get(0);
            assertTrue(hub.records().delete(PROFILE, "role", role.id()));
            TransferResult second = device.syncService().pull(toHub, filter, OPTIONS);
            assertTrue(second.succeeded(), () -> "second pull failed: " + second);
            assertEquals(1, second.recordsTransferred());
            assertFalse(device.records().read(PROFILE, "role", role.id()).isPresent());
            assertSameData(hub, device);

            // Nothing changed: nothing moves.
            TransferResult idle = device.syncService().pull(toHub, filter, OPTIONS);
            assertTrue(idle.succeeded(), () -> "idle pull failed: " + idle);
            assertEquals(0, idle.recordsTransferred());
            assertEquals(TransferStatus.COMPLETED, idle.status());
            assertEquals(SyncStage.CLEANUP, idle.stage());

            // The engine's per-stage "done" markers of finished transfers are gone from the session attributes.
            for (LocalNode node : List.of(hub, device)) {
                long markers = node.database().read(tx -> {
                    try (var query = tx.prepare("SELECT COUNT(*) FROM fs_session_attribute WHERE key LIKE 'engine:%'");
                            var rows = query.executeQuery()) {
                        rows.next();
                        return rows.getLong(1);
                    }
                });
                assertEquals(0, markers, node.name() + ": engine markers left in fs_session_attribute");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailedTransferResumesWhereItStopped(DatabaseKind kind) {
        try (LocalNode hub = node("hub", kind); LocalNode device = node("device", kind)) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(600), 11);
            facility.records().forEach(record -> record.createIn(hub.records()));
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            BreakingPeer flaky = new BreakingPeer(hub.asPeer(), 3);

            TransferResult broken = device.syncService().pull(flaky, filter, OPTIONS);
            assertEquals(TransferStatus.ERRORED, broken.status());
            assertEquals(SyncStage.TRANSFERRING, broken.stage());
            assertTrue(broken.error().contains("link down"), broken.error());

            TransferResult resumed = device.syncService().resume(broken.transferSessionId(), hub.asPeer(), OPTIONS);
            assertTrue(resumed.succeeded(), () -> "resume failed: " + resumed);
            assertEquals(facility.recordCount(), resumed.recordsTransferred());
            assertSameData(hub, device);
        }
    }

    /**
     * A newer peer's model this node does not have: its records stay in the Store, travel on to other
     * peers, and every transfer that carries them counts them in its result.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordsOfUnknownModelsAreKeptPassedOnAndCounted(DatabaseKind kind) {
        SyncableModel future = SyncableModel.builder(PROFILE, "futuremodel")
                .field(ModelField.reference("dataset_id", "facilitydataset"))
                .field("note", FieldType.STRING)
                .partition("${dataset_id}:allusers-ro")
                .build();
        SyncProfile newerRelease = new SyncProfile() {
            @Override
            public String name() {
                return PROFILE;
            }

            @Override
            public List<SyncableModel> models() {
                return List.of(future);
            }
        };
        try (LocalNode newer = new LocalNode("newer", databases.migrated(kind), PROFILE, new FacilityDataProfile(),
                newerRelease); LocalNode hub = node("hub", kind); LocalNode device = node("device", kind);
                LocalNode other = node("other", kind)) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(200), 5);
            facility.records().forEach(record -> record.createIn(newer.records()));
            for (int i = 0; i < 3; i++) {
                newer.records().create(PROFILE, "futuremodel", Map.of("dataset_id", facility.datasetId(), "note", "n" + i));
            }
            SyncFilter filter = SyncFilter.of(facility.datasetId());

            TransferResult fromNewer = hub.syncService().pull(newer.asPeer(), filter, OPTIONS);
            assertTrue(fromNewer.succeeded(), () -> "pull failed: " + fromNewer);
            assertEquals(Map.of("futuremodel", 3L), fromNewer.unknownModels());
            assertEquals(facility.recordCount() + 3, fromNewer.recordsTransferred());
            assertEquals(3, futureStoreRows(hub), "the hub keeps them in its Store");

            TransferResult passedOn = device.syncService().pull(hub.asPeer(), filter, OPTIONS);
            assertTrue(passedOn.succeeded(), () -> "pull failed: " + passedOn);
            assertEquals(3L, passedOn.unknownModelRecords());
            assertEquals(3, futureStoreRows(device), "the device got them from the hub");

            TransferResult pushed = hub.syncService().push(other.asPeer(), filter, OPTIONS);
            assertTrue(pushed.succeeded(), () -> "push failed: " + pushed);
            assertEquals(Map.of("futuremodel", 3L), pushed.unknownModels());
            assertEquals(3, futureStoreRows(other));

            TransferResult known = hub.syncService().pull(device.asPeer(), filter, OPTIONS);
            assertTrue(known.unknownModels().isEmpty(), "nothing new moved: " + known);
        }
    }

    private static long futureStoreRows(LocalNode node) {
        return node.database().read(tx -> {
            try (var query = tx.prepare("SELECT COUNT(*) FROM morango_store WHERE model_name = 'futuremodel'");
                    var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static LocalNode node(String name, DatabaseKind kind) {
        return new LocalNode(name, databases.migrated(kind), PROFILE, new FacilityDataProfile());
    }

    private static List<SyncRecord> first(SyncRecords records, String model, int count) {
        List<SyncRecord> found = new ArrayList<>();
        records.forEach(PROFILE, model, record -> {
            if (found.size() < count) {
                found.add(record);
            }
        });
        return found;
    }

    /** Every model's records, with every field, are the same on both nodes. */
    static void assertSameData(LocalNode a, LocalNode b) {
        for (SyncableModel model : FacilityDataModels.all()) {
            assertEquals(contents(a.records(), model.name()), contents(b.records(), model.name()),
                    () -> model.name() + " differs between " + a.name() + " and " + b.name());
        }
    }

    private static Map<String, Object> contents(SyncRecords records, String model) {
        Map<String, Object> rows = new TreeMap<>();
        records.forEach(PROFILE, model, record -> {
            Map<String, Object> row = new HashMap<>(record.values());
            row.put("_partition", record.partition());
            row.put("_source_id", record.sourceId());
            rows.put(record.id(), row);
        });
        return rows;
    }

}
