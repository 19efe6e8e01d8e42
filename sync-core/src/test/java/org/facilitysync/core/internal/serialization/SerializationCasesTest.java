package org.facilitysync.core.internal.serialization;

import static org.facilitysync.core.internal.serialization.StoreFixtures.BOB;
import static org.facilitysync.core.internal.serialization.StoreFixtures.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.records.SyncRecordsService;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SerializationCasesTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String P = TestApp.PROFILE;

    private Database database;
    private ModelCatalog catalog;
    private SyncRecords records;

    private void open(DatabaseKind kind) {
        database = databases.migrated(kind);
        catalog = TestApp.catalog(database);
        records = new SyncRecordsService(database, catalog);
        MorangoState.activateInstance(database, SELF, 0);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyTypeIsWrittenAsDjangosEncoderWritesIt(DatabaseKind kind) {
        open(kind);
        SyncableModel typed = SyncableModel.builder("typed", "thing")
                .field("i", FieldType.INTEGER).field("r", FieldType.REAL).field("b", FieldType.BOOLEAN)
                .field("d", FieldType.DATETIME).field(ModelField.of("j", FieldType.JSON).optional())
                .field("s", FieldType.STRING).field(ModelField.of("n", FieldType.DATETIME).optional())
                .partition("p").sourceId(org.facilitysync.api.model.SourceIdRule.fromFields("s")).build();
        catalog.add(new ModelCatalog.ProfileSource(2, "typed", TestApp.profile("typed", List.of(typed))));
        SyncRecord record = records.create("typed", "thing", Map.of("i", 7, "r", 0.1 + 0.2, "b", false,
                "d", Instant.parse("2024-01-02T03:04:05.678901Z"), "j", "{\"x\":[1,2.50,1e-7,\"\u00e9\"]}",
                "s", "caf\u00e9 \"\u65e5\" \uD83D\uDE00"));

        new StoreSerializer(database, catalog).serializeIntoStore("typed", null);

        assertEquals("{\"id\": \"" + record.id() + "\", \"_morango_source_id\": "
                + org.facilitysync.core.internal.identity.PythonJson.quote(record.sourceId())
                + ", \"_morango_partition\": \"p\", \"i\": 7, \"r\": 0.30000000000000004, \"b\": false,"
                + " \"d\": \"2024-01-02T03:04:05.678Z\", \"j\": {\"x\": [1, 2.5, 1e-07, \"\\u00e9\"]},"
                + " \"s\": \"caf\\u00e9 \\\"\\u65e5\\\" \\ud83d\\ude00\", \"n\": null}",
                store(record.id()).get("serialized"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anUpdateMergesKeyByKeySoUnknownKeysSurviveInPlace(DatabaseKind kind) {
        open(kind);
        SyncRecord bob = createBob();
        serialize(null);
        database.inTransaction(tx -> tx.update("UPDATE morango_store SET serialized = ? WHERE id = ?",
                "{\"avatar\": \"a.png\", \"id\": \"" + BOB + "\", \"username\": \"old\", \"zz\": [1.0, 2]}", BOB));
        records.update(P, "user", bob.id(), Map.of("username", "robert"));

        SerializationResult result = serialize(null);

        assertEquals(1, result.serialized());
        assertEquals(0, result.created());
        assertEquals("{\"avatar\": \"a.png\", \"id\": \"" + BOB + "\", \"username\": \"robert\", \"zz\": [1.0, 2],"
                + " \"_morango_source_id\": \"" + BOB + "\", \"_morango_partition\": \"" + BOB + ":user\","
                + " \"password\": \"\", \"last_login\": null, \"is_staff\": false, \"is_superuser\": true}",
                store(BOB).get("serialized"));
        assertEquals(2L, store(BOB).get("last_saved_counter"));
        assertEquals(Set.of(BOB + ":" + SELF + "=2"), MorangoState.recordMaxCounters(database));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aPassWithoutChangesOnlyTakesACounterAndRaisesTheDatabaseMaxCounter(DatabaseKind kind) {
        open(kind);
        createBob();
        serialize(SyncFilter.of(BOB));
        Map<String, Map<String, Object>> before = MorangoState.storeRows(database);

        SerializationResult result = serialize(SyncFilter.of(BOB));

        assertEquals(0, result.serialized());
        assertEquals(2, result.stamp().counter());
        assertEquals(before, MorangoState.storeRows(database));
        assertEquals(Set.of(BOB + ":" + SELF + "=2"), MorangoState.databaseMaxCounters(database));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theDatabaseMaxCounterIsNeverLowered(DatabaseKind kind) {
        open(kind);
        database.inTransaction(tx -> tx.update("INSERT INTO morango_databasemaxcounter (instance_id, partition, counter)"
                + " VALUES (?, ?, ?)", SELF, "", 100L));

        serialize(null);

        assertEquals(Set.of(":" + SELF + "=100"), MorangoState.databaseMaxCounters(database));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theFilterLimitsRecordsButDeletionsAreDrainedForTheWholeProfile(DatabaseKind kind) {
        open(kind);
        createBob();
        String alice = "663553a58518570baea6873a7c73dfd7";
        Map<String, Object> values = new HashMap<>(user("alice"));
        values.put(SyncRecords.SOURCE_ID, alice);
        records.create(P, "user", values);
        SyncRecord aliceLog = records.create(P, "contentsummarylog", Map.of("user_id", alice, "content_id", "c"));
        serialize(null);
        records.delete(P, "contentsummarylog", aliceLog.id());
        records.update(P, "user", alice, Map.of("username", "alicia"));
        records.update(P, "user", BOB, Map.of("username", "robert"));

        SerializationResult result = serialize(SyncFilter.of(BOB));

        assertEquals(1, result.serialized());
        assertEquals(1, result.deleted());
        assertEquals(true, store(aliceLog.id()).get("deleted"));
        assertEquals(2L, store(aliceLog.id()).get("last_saved_counter"));
        assertEquals(1L, store(alice).get("last_saved_counter"), "outside the filter");
        assertEquals(2L, store(BOB).get("last_saved_counter"));
        assertTrue(MorangoState.recordMaxCounters(database).contains(aliceLog.id() + ":" + SELF + "=2"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aHardDeletionBlanksTheStoreRowAndARecreationRevivesIt(DatabaseKind kind) {
        open(kind);
        createBob();
        SyncRecord log = records.create(P, "contentsummarylog", Map.of("user_id", BOB, "content_id", "c"));
        serialize(null);
        database.inTransaction(tx -> tx.update("UPDATE morango_store SET conflicting_serialized_data = ? WHERE id = ?",
                "{\"old\": 1}\n", log.id()));
        records.hardDelete(P, "contentsummarylog", log.id());

        SerializationResult deletion = serialize(null);

        assertEquals(1, deletion.hardDeleted());
        Map<String, Object> tombstone = store(log.id());
        assertEquals(true, tombstone.get("deleted"));
        assertEquals(true, tombstone.get("hard_deleted"));
        assertEquals("{}", tombstone.get("serialized"));
        assertEquals("", tombstone.get("conflicting_serialized_data"));

        records.create(P, "contentsummarylog", Map.of("user_id", BOB, "content_id", "c"));
        serialize(null);

        Map<String, Object> revived = store(log.id());
        assertEquals(false, revived.get("deleted"));
        assertEquals(false, revived.get("hard_deleted"));
        assertEquals(3L, revived.get("last_saved_counter"));
        assertEquals("{\"id\": \"" + log.id() + "\", \"_morango_source_id\": \"" + BOB + ":c\", \"_morango_partition\": \""
                + BOB + ":user:summary\", \"user_id\": \"" + BOB + "\", \"content_id\": \"c\"}", revived.get("serialized"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aSelfReferenceIsKeptInTheStoreRow(DatabaseKind kind) {
        open(kind);
        Instant now = Instant.parse("2024-01-02T03:04:05Z");
        SyncRecord parent = records.create(P, "facility", Map.of("name", "Region", "now_date", now));
        SyncRecord child = records.create(P, "facility", Map.of("name", "School", "now_date", now,
                "parent_id", parent.id()));

        serialize(null);

        assertEquals("", store(parent.id()).get("_self_ref_fk"));
        assertEquals(parent.id(), store(child.id()).get("_self_ref_fk"));
        assertEquals("9cbf01e698cdb5a25226d8da636590ad", records.create(P, "facility",
                Map.of("name", "Test Facility", "now_date", now)).id());
    }

    private SyncRecord createBob() {
        Map<String, Object> values = new HashMap<>(user("bob"));
        values.put(SyncRecords.SOURCE_ID, BOB);
        return records.create(P, "user", values);
    }

    private static Map<String, Object> user(String name) {
        return Map.of("password", "", "is_staff", false, "is_superuser", true, "username", name);
    }

    private SerializationResult serialize(SyncFilter filter) {
        return new StoreSerializer(database, catalog, 2).serializeIntoStore(P, filter);
    }

    private Map<String, Object> store(String id) {
        return MorangoState.storeRows(database).get(id);
    }
}
