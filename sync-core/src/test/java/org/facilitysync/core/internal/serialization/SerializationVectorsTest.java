package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Serialization replayed on the recorded states: the producer's serialization before each transfer must
 * leave the Store, RecordMaxCounters, DatabaseMaxCounters, counter, deletion queues and app dirty bits
 * exactly as Morango left them ({@code serialized} byte for byte).
 */
class SerializationVectorsTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    /**
     * Session 1: the server (one log edited, two deleted since its last serialization) serializes for the
     * pull of filter {@code <root>} and must reach its recorded state after the pull.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void serverSerializationBeforeThePullMatchesMorango(DatabaseKind kind) {
        JsonNode before = MorangoVectors.load("state-initial.json").get("server");
        JsonNode after = MorangoVectors.load("state-after-pull.json").get("server");
        String filter = after.get("transfer_sessions").get(0).get("filter").asText();
        replay(kind, before, after, filter);
    }

    /**
     * Session 2: the client (12 logs created, one edited, two deleted) serializes for the push of filter
     * {@code <root>:user} and must reach its recorded state after the push.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void clientSerializationBeforeThePushMatchesMorango(DatabaseKind kind) {
        JsonNode before = MorangoVectors.load("state-before-push.json").get("client");
        JsonNode after = MorangoVectors.load("state-after-push.json").get("client");
        String filter = null;
        for (JsonNode session : after.get("transfer_sessions")) {
            if (session.get("push").asBoolean()) {
                filter = session.get("filter").asText();
            }
        }
        replay(kind, before, after, filter);
    }

    private static void replay(DatabaseKind kind, JsonNode before, JsonNode after, String filter) {
        Database database = databases.migrated(kind);
        ModelCatalog catalog = TestApp.catalog(database);
        ProfileModels models = catalog.profile(TestApp.PROFILE);
        MorangoState.loadNode(database, before, models);

        SerializationResult result = new StoreSerializer(database, catalog, 7)
                .serializeIntoStore(TestApp.PROFILE, SyncFilter.parse(filter));

        long expectedCounter = after.get("instance_ids").get(0).get("counter").asLong();
        assertEquals(expectedCounter, result.stamp().counter());
        assertEquals(expectedCounter, MorangoState.counter(database));
        Map<String, Map<String, Object>> expected = MorangoState.expectedStoreRows(after.get("store"));
        Map<String, Map<String, Object>> actual = MorangoState.storeRows(database);
        assertEquals(expected.keySet(), actual.keySet(), "Store ids");
        for (String id : expected.keySet()) {
            assertEquals(expected.get(id), actual.get(id), "Store row " + id);
        }
        assertEquals(MorangoState.expectedRecordMaxCounters(after.get("record_max_counters")),
                MorangoState.recordMaxCounters(database));
        assertEquals(MorangoState.expectedDatabaseMaxCounters(after.get("database_max_counters")),
                MorangoState.databaseMaxCounters(database));
        assertTrue(MorangoState.queued(database, "morango_deletedmodels").isEmpty());
        assertTrue(MorangoState.queued(database, "morango_harddeletedmodels").isEmpty());
        for (Map.Entry<String, String> table : TestApp.TABLES.entrySet()) {
            RegisteredModel model = models.require(table.getValue());
            assertEquals(MorangoState.expectedAppRows(after.get("app").get(table.getKey()), model),
                    MorangoState.appRows(database, model), "app rows of " + model.name());
        }
    }
}
