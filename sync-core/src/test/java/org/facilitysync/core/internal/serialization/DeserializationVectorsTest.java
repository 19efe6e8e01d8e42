package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receiver's deserializing stage (serialize, then deserialize, same filter) replayed from the state
 * Morango's dequeue left: every record must end as Morango left it (Store row, RecordMaxCounters, app
 * row), and so must the counters.
 */
class DeserializationVectorsTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    /** merge.json: the 11 merge cases of one dequeue, each as Morango's deserializing stage left it. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void mergeScenariosEndAsMorangoLeftThem(DatabaseKind kind) {
        JsonNode merge = MorangoVectors.load("merge.json");
        Database database = databases.migrated(kind);
        ModelCatalog catalog = TestApp.catalog(database);
        ProfileModels models = catalog.profile(TestApp.PROFILE);
        JsonNode receiver = merge.get("receiver_instance_after_dequeue").get(0);
        String filter = merge.get("pull2_transfer_session").get("filter").asText();
        MorangoState.activateInstance(database, receiver.get("id").asText(), receiver.get("counter").asLong());
        database.inTransaction(tx -> {
            for (JsonNode scenario : merge.get("scenarios")) {
                JsonNode state = scenario.get("receiver_after_dequeue");
                MorangoState.insertStore(tx, state.get("store"));
                for (JsonNode rmc : state.get("record_max_counters")) {
                    MorangoState.insertRecordMaxCounter(tx, rmc);
                }
                JsonNode app = state.get("app_row");
                if (app != null && !app.isNull()) {
                    MorangoState.insertApp(tx, models.require(TestApp.TABLES.get(app.get("_table").asText())), app);
                }
            }
            // After the dequeue the DMCs are the final ones except the receiver's own row for the filter,
            // which the serialization of the deserializing stage writes.
            for (JsonNode dmc : merge.get("receiver_dmc_after")) {
                if (!(dmc.get("partition").asText().equals(filter)
                        && dmc.get("instance_id").asText().equals(receiver.get("id").asText()))) {
                    MorangoState.insertDatabaseMaxCounter(tx, dmc);
                }
            }
            return null;
        });

        receive(database, catalog, filter);

        assertEquals(merge.get("receiver_instance_after_deserialize").get(0).get("counter").asLong(),
                MorangoState.counter(database));
        assertEquals(MorangoState.expectedDatabaseMaxCounters(merge.get("receiver_dmc_after")),
                MorangoState.databaseMaxCounters(database));
        Map<String, Map<String, Object>> store = MorangoState.storeRows(database);
        java.util.Set<String> rmcs = MorangoState.recordMaxCounters(database);
        for (JsonNode scenario : merge.get("scenarios")) {
            String what = scenario.get("record").asText() + " (" + scenario.get("scenario").asText() + ")";
            JsonNode expected = scenario.get("receiver_after_deserialize");
            String id = scenario.get("record_id").asText();
            assertEquals(MorangoState.expectedStoreRow(expected.get("store")), store.get(id), "Store row of " + what);
            for (String rmc : MorangoState.expectedRecordMaxCounters(expected.get("record_max_counters"))) {
                assertTrue(rmcs.contains(rmc), "RecordMaxCounter " + rmc + " of " + what + " in " + rmcs);
            }
            long rmcCount = rmcs.stream().filter(r -> r.startsWith(id + ":")).count();
            assertEquals(expected.get("record_max_counters").size(), rmcCount, "RecordMaxCounters of " + what);
            RegisteredModel model = models.require(expected.get("store").get("model_name").asText());
            Map<String, Object> app = MorangoState.appRows(database, model).get(id);
            JsonNode expectedApp = expected.get("app_row");
            assertEquals(expectedApp.isNull() ? null : MorangoState.expectedAppRow(expectedApp, model), app,
                    "app row of " + what);
        }
        assertTrue(MorangoState.queued(database, "morango_deletedmodels").isEmpty(), "no local deletion queued");
    }

    /** Session 1, client side: the 30 pulled records (2 tombstones) deserialized into empty app tables. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pulledRecordsEndAsOnMorangosClient(DatabaseKind kind) {
        JsonNode after = MorangoVectors.load("state-after-pull.json").get("client");
        JsonNode appBefore = MorangoVectors.load("state-initial.json").get("client").get("app");
        replayReceiver(kind, after, appBefore, pushOrPull(after, false));
    }

    /** Session 2, server side: the 15 pushed records (12 new, 1 edit, 2 tombstones) deserialized. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pushedRecordsEndAsOnMorangosServer(DatabaseKind kind) {
        JsonNode after = MorangoVectors.load("state-after-push.json").get("server");
        JsonNode appBefore = MorangoVectors.load("state-before-push.json").get("server").get("app");
        replayReceiver(kind, after, appBefore, pushOrPull(after, true));
    }

    /**
     * Rebuilds the receiver's state right after the dequeue from its final state: the transfer's Store
     * rows dirty again, the counter one lower, no own DMC for the filter yet, the app tables as before the
     * session; then serializes and deserializes, and compares with the final state.
     */
    private static void replayReceiver(DatabaseKind kind, JsonNode after, JsonNode appBefore, JsonNode session) {
        Database database = databases.migrated(kind);
        ModelCatalog catalog = TestApp.catalog(database);
        ProfileModels models = catalog.profile(TestApp.PROFILE);
        String filter = session.get("filter").asText();
        String transferSession = session.get("id").asText();
        JsonNode instance = after.get("instance_ids").get(0);
        String self = instance.get("id").asText();

        ObjectNode dequeued = after.deepCopy();
        dequeued.withArray("instance_ids").removeAll();
        dequeued.withArray("instance_ids").addObject().put("id", self).put("counter",
                instance.get("counter").asLong() - 1);
        for (JsonNode row : dequeued.get("store")) {
            if (transferSession.equals(row.get("last_transfer_session_id").asText(null))) {
                ((ObjectNode) row).put("dirty_bit", true);
            }
        }
        var dmcs = dequeued.withArray("database_max_counters");
        for (int i = dmcs.size() - 1; i >= 0; i--) {
            if (dmcs.get(i).get("partition").asText().equals(filter)
                    && dmcs.get(i).get("instance_id").asText().equals(self)) {
                dmcs.remove(i);
            }
        }
        dequeued.set("app", appBefore);
        MorangoState.loadNode(database, dequeued, models);

        receive(database, catalog, filter);

        assertEquals(instance.get("counter").asLong(), MorangoState.counter(database));
        assertEquals(MorangoState.expectedStoreRows(after.get("store")), MorangoState.storeRows(database));
        assertEquals(MorangoState.expectedRecordMaxCounters(after.get("record_max_counters")),
                MorangoState.recordMaxCounters(database));
        assertEquals(MorangoState.expectedDatabaseMaxCounters(after.get("database_max_counters")),
                MorangoState.databaseMaxCounters(database));
        assertTrue(MorangoState.queued(database, "morango_deletedmodels").isEmpty());
        for (Map.Entry<String, String> table : TestApp.TABLES.entrySet()) {
            RegisteredModel model = models.require(table.getValue());
            assertEquals(MorangoState.expectedAppRows(after.get("app").get(table.getKey()), model),
                    MorangoState.appRows(database, model), "app rows of " + model.name());
        }
    }

    /** What the deserializing stage of a receiver does: serialize, then deserialize, with the transfer's filter. */
    static void receive(Database database, ModelCatalog catalog, String filter) {
        SyncFilter syncFilter = SyncFilter.parse(filter);
        new StoreSerializer(database, catalog, 3).serializeIntoStore(TestApp.PROFILE, syncFilter);
        DeserializationResult result = new StoreDeserializer(database, catalog, 4)
                .deserializeFromStore(TestApp.PROFILE, syncFilter);
        assertEquals(0, result.failed(), "records that failed to deserialize: " + result);
    }

    private static JsonNode pushOrPull(JsonNode node, boolean push) {
        for (JsonNode session : node.get("transfer_sessions")) {
            if (session.get("push").asBoolean() == push) {
                return session;
            }
        }
        throw new AssertionError("no " + (push ? "push" : "pull") + " transfer session in the state");
    }
}
