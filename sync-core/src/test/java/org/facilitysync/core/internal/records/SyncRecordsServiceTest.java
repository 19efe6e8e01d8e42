package org.facilitysync.core.internal.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyncRecordsServiceTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String P = TestApp.PROFILE;
    private static final String BOB = "8792b19af51e86710beb3cf182bc5ac6";
    private static final Instant NOW = Instant.parse("2024-01-02T03:04:05.678Z");

    /** ids.json "model_ids": id, source id and partition of every test-app vector, created through the API. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void idsAndPartitionsAreMorangos(DatabaseKind kind) {
        SyncRecords records = records(databases.migrated(kind));
        JsonNode vectors = MorangoVectors.load("ids.json").get("model_ids").get("vectors");
        List<JsonNode> ordered = new ArrayList<>();
        vectors.forEach(v -> {
            if (v.get("morango_model_name").asText().equals("user")) {
                ordered.add(0, v);
            } else {
                ordered.add(v);
            }
        });
        int n = 0;
        for (JsonNode vector : ordered) {
            String model = vector.get("morango_model_name").asText();
            String sourceId = vector.get("source_id").asText();
            Map<String, Object> values = new HashMap<>();
            switch (model) {
                case "user" -> {
                    values.putAll(user("user" + n++));
                    values.put(SyncRecords.SOURCE_ID, sourceId);
                }
                case "contentsummarylog" -> {
                    String[] parts = sourceId.split(":");
                    values.put("user_id", parts[0]);
                    values.put("content_id", parts[1]);
                }
                case "contentinteractionlog" -> {
                    values.put("user_id", vector.get("final_partition").asText().split(":")[0]);
                    values.put("content_id", "00000000000000000000000000000001");
                    values.put(SyncRecords.SOURCE_ID, sourceId);
                }
                case "facility" -> {
                    values.put("name", sourceId);
                    values.put("now_date", NOW);
                }
                default -> throw new AssertionError(model);
            }
            SyncRecord record = records.create(P, model, values);
            String what = vector.get("description").asText();
            assertEquals(vector.get("model_uuid").asText(), record.id(), what);
            assertEquals(sourceId, record.sourceId(), what);
            assertEquals(vector.get("final_partition").asText(), record.partition(), what);
            assertEquals(record, records.read(P, model, record.id()).orElseThrow(), what);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyWriteMarksTheRecordDirty(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        SyncRecords records = records(database);
        SyncRecord bob = createBob(records);
        assertTrue(dirty(database, "user", bob.id()));

        clean(database, "user");
        SyncRecord renamed = records.update(P, "user", bob.id(), Map.of("username", "robert", "is_staff", true));

        assertTrue(dirty(database, "user", bob.id()));
        assertEquals("robert", renamed.get("username"));
        assertEquals(true, renamed.get("is_staff"));
        assertEquals(bob.partition(), renamed.partition(), "the partition never changes");
        assertEquals(bob.id(), renamed.id());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRandomSourceIdIsDrawnWhenTheModelHasNoRule(DatabaseKind kind) {
        SyncRecords records = records(databases.migrated(kind));
        createBob(records);
        SyncRecord first = records.create(P, "contentinteractionlog", log());
        SyncRecord second = records.create(P, "contentinteractionlog", log());

        assertTrue(first.sourceId().matches("[0-9a-f]{32}"), first.sourceId());
        assertFalse(first.id().equals(second.id()));
        assertEquals(BOB + ":user:interaction", first.partition());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void deletionsQueueTombstonesAndCascadeToReferencingRecords(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        SyncRecords records = records(database);
        createBob(records);
        SyncRecord log = records.create(P, "contentinteractionlog", log());
        SyncRecord summary = records.create(P, "contentsummarylog", Map.of("user_id", BOB, "content_id", "c1"));

        assertTrue(records.delete(P, "contentinteractionlog", log.id()));
        assertFalse(records.delete(P, "contentinteractionlog", log.id()), "gone already");
        assertEquals(Set.of(log.id()), MorangoState.queued(database, "morango_deletedmodels"));
        assertTrue(MorangoState.queued(database, "morango_harddeletedmodels").isEmpty());

        assertTrue(records.hardDelete(P, "user", BOB));

        assertEquals(0, records.count(P, "user"));
        assertEquals(0, records.count(P, "contentsummarylog"), "the user's summary log went with the user");
        assertEquals(Set.of(log.id(), BOB, summary.id()), MorangoState.queued(database, "morango_deletedmodels"));
        assertEquals(Set.of(BOB, summary.id()), MorangoState.queued(database, "morango_harddeletedmodels"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDeletedDeterministicRecordCanBeCreatedAgain(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        SyncRecords records = records(database);
        createBob(records);
        Map<String, Object> values = Map.of("user_id", BOB, "content_id", "c1");
        SyncRecord first = records.create(P, "contentsummarylog", values);

        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> records.create(P, "contentsummarylog", values));
        assertTrue(twice.getMessage().contains(first.id()), twice.getMessage());

        records.hardDelete(P, "contentsummarylog", first.id());
        SyncRecord again = records.create(P, "contentsummarylog", values);

        assertEquals(first.id(), again.id());
        assertTrue(MorangoState.queued(database, "morango_deletedmodels").isEmpty(), "no tombstone for the new record");
        assertTrue(MorangoState.queued(database, "morango_harddeletedmodels").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void badValuesAreRefusedWithMessagesNamingModelFieldAndValue(DatabaseKind kind) {
        SyncRecords records = records(databases.migrated(kind));
        createBob(records);

        assertMessage(() -> records.create(P, "user", Map.of("nickname", "x")), "facilitydata/user", "'nickname'",
                "password");
        Map<String, Object> wrongType = new HashMap<>(user("ann"));
        wrongType.put("is_staff", "yes");
        assertMessage(() -> records.create(P, "user", wrongType), "facilitydata/user", "'is_staff'", "'yes'",
                "Boolean");
        Map<String, Object> missing = new HashMap<>(user("ann"));
        missing.remove("password");
        assertMessage(() -> records.create(P, "user", missing), "facilitydata/user", "'password'", "required");
        assertMessage(() -> records.create(P, "contentsummarylog", Map.of("user_id", "0".repeat(32), "content_id", "c")),
                "facilitydata/contentsummarylog", "'user_id'", "'" + "0".repeat(32) + "'", "does not exist");
        assertMessage(() -> records.create(P, "contentsummarylog", Map.of("user_id", "bob", "content_id", "c")),
                "'user_id'", "'bob'", "32 lowercase hex");
        Map<String, Object> emptySource = new HashMap<>(user("ann"));
        emptySource.put(SyncRecords.SOURCE_ID, "");
        assertMessage(() -> records.create(P, "user", emptySource), "_morango_source_id", "empty");
        assertMessage(() -> records.create(P, "facility", Map.of("name", "", "now_date", NOW)), "facilitydata/facility",
                "source id", "empty");
        assertMessage(() -> records.create(P, "facility", Map.of("name", "F", "now_date", "2024-01-02")),
                "'now_date'", "Instant");
        assertMessage(() -> records.update(P, "user", BOB, Map.of(SyncRecords.SOURCE_ID, "x")), "_morango_source_id",
                "cannot be written");
        assertMessage(() -> records.create(P, "lesson", Map.of()), "profile 'facilitydata'", "'lesson'");
        assertThrows(NoSuchElementException.class, () -> records.update(P, "user", "f".repeat(32), Map.of()));
        assertEquals(1, records.count(P, "user"), "nothing was written by the refused calls");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyTypeRoundTrips(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        SyncableModel model = SyncableModel.builder("typed", "thing")
                .field("i", FieldType.INTEGER).field("r", FieldType.REAL).field("b", FieldType.BOOLEAN)
                .field("d", FieldType.DATETIME).field(ModelField.of("j", FieldType.JSON).optional())
                .field(ModelField.of("s", FieldType.STRING).optional()).build();
        ModelCatalog catalog = TestApp.catalog(database);
        catalog.add(new ModelCatalog.ProfileSource(2, "typed", TestApp.profile("typed", List.of(model))));
        SyncRecords records = new SyncRecordsService(database, catalog);

        SyncRecord created = records.create("typed", "thing", Map.of("i", 7, "r", 0.25f, "b", false,
                "d", Instant.parse("2024-01-02T03:04:05.123456789Z"), "j", "{\"x\": [1, 2.5]}"));

        SyncRecord read = records.read("typed", "thing", created.id()).orElseThrow();
        assertEquals(7L, read.get("i"));
        assertEquals(0.25, read.get("r"));
        assertEquals(false, read.get("b"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123456Z"), read.get("d"));
        assertEquals("{\"x\": [1, 2.5]}", read.get("j"));
        assertEquals(null, read.get("s"));
        assertEquals(created, read);
        assertMessage(() -> records.create("typed", "thing", Map.of("i", 1.5, "r", 1, "b", true, "d", NOW)),
                "typed/thing", "'i'", "1.5");
        assertMessage(() -> records.create("typed", "thing", Map.of("i", 1, "r", Double.NaN, "b", true, "d", NOW)),
                "'r'", "finite");
        assertMessage(() -> records.create("typed", "thing", Map.of("i", 1, "r", 1, "b", true, "d", NOW, "j", "{x")),
                "'j'", "JSON");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aTransactionIsAllOrNothing(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        SyncRecords records = records(database);

        IOException thrown = assertThrows(IOException.class, () -> records.inTransaction(tx -> {
            createBob(tx);
            tx.create(P, "contentsummarylog", Map.of("user_id", BOB, "content_id", "c1"));
            assertEquals(1, tx.count(P, "contentsummarylog"), "the transaction sees its own writes");
            throw new IOException("disk gone");
        }));
        assertEquals("disk gone", thrown.getMessage());
        assertEquals(0, records.count(P, "user"));
        assertEquals(0, records.count(P, "contentsummarylog"));

        String id = records.inTransaction(tx -> {
            createBob(tx);
            return tx.create(P, "contentsummarylog", Map.of("user_id", BOB, "content_id", "c1")).id();
        });
        assertTrue(records.read(P, "contentsummarylog", id).isPresent());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void forEachStreamsEveryRecord(DatabaseKind kind) throws Exception {
        SyncRecords records = records(databases.migrated(kind));
        records.inTransaction(tx -> {
            createBob(tx);
            for (int i = 0; i < 1234; i++) {
                tx.create(P, "contentsummarylog", Map.of("user_id", BOB, "content_id", "c" + i));
            }
            return null;
        });
        List<String> seen = new ArrayList<>();
        records.forEach(P, "contentsummarylog", r -> seen.add((String) r.get("content_id")));

        assertEquals(1234, seen.size());
        assertEquals(1234, Set.copyOf(seen).size());
        assertEquals(1234, records.count(P, "contentsummarylog"));
    }

    static SyncRecords records(Database database) {
        return new SyncRecordsService(database, TestApp.catalog(database));
    }

    static SyncRecord createBob(SyncRecords records) {
        Map<String, Object> values = new HashMap<>(user("bob"));
        values.put(SyncRecords.SOURCE_ID, BOB);
        return records.create(P, "user", values);
    }

    static Map<String, Object> user(String name) {
        return Map.of("password", "", "is_staff", false, "is_superuser", true, "username", name);
    }

    static Map<String, Object> log() {
        return Map.of("user_id", BOB, "content_id", "00000000000000000000000000000001");
    }

    static boolean dirty(Database database, String model, String id) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT _morango_dirty_bit FROM app_facilitydata_" + model
                    + " WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getBoolean(1);
                }
            }
        });
    }

    static void clean(Database database, String model) {
        database.inTransaction(tx -> tx.update("UPDATE app_facilitydata_" + model + " SET _morango_dirty_bit = ?", false));
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
