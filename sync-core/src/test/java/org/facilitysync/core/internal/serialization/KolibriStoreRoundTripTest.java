package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.model.AppTables;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.records.SyncRecordsService;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Store rows recorded from a real Kolibri 0.17.5 ({@code vectors/kolibri/kolibri-store.json}, every one of
 * its syncable models) go through the facility profile as a Kolibri peer's records do: deserialized into
 * the application tables, then serialized back. The Store text that comes back must be Kolibri's, byte for
 * byte, both when the Store row is still there (Morango's merge) and when it is written fresh.
 */
class KolibriStoreRoundTripTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String SELF = "11111111111111111111111111111111";
    private static final String KOLIBRI = "57fa1f0ef4a4eea826e73b34cf576faf";

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyRecordedKolibriRecordComesBackAsKolibriSerializedIt(DatabaseKind kind) {
        List<JsonNode> rows = recordedRows();
        Database database = databases.migrated(kind);
        ModelCatalog catalog = facilityCatalog(database);
        MorangoState.activateInstance(database, SELF, 1);
        database.inTransaction(tx -> {
            for (JsonNode row : rows) {
                MorangoState.insertStore(tx, storeRow(row));
            }
            return null;
        });

        DeserializationResult received = new StoreDeserializer(database, catalog)
                .deserializeFromStore(FacilityDataModels.PROFILE, null);

        assertEquals(Map.of(), errors(database), "records that failed to deserialize");
        assertEquals(rows.size(), received.applied(), "records deserialized: " + received);

        // Morango's merge: the app row serialized over the Store row that is still there.
        markAllDirty(database, catalog);
        new StoreSerializer(database, catalog).serializeIntoStore(FacilityDataModels.PROFILE, null);
        assertSerializedAsKolibri(rows, database, "merged into the existing Store row");

        // A fresh Store row: the same text from the app row alone.
        database.inTransaction(tx -> tx.update("DELETE FROM morango_recordmaxcounter")
                + tx.update("DELETE FROM morango_store"));
        markAllDirty(database, catalog);
        new StoreSerializer(database, catalog).serializeIntoStore(FacilityDataModels.PROFILE, null);
        assertSerializedAsKolibri(rows, database, "serialized into a new Store row");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordsWrittenHereGetKolibrisIdsPartitionsAndDefaults(DatabaseKind kind) throws Exception {
        List<JsonNode> rows = recordedRows();
        Database database = databases.migrated(kind);
        ModelCatalog catalog = facilityCatalog(database);
        MorangoState.activateInstance(database, SELF, 1);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode anonymousRow = rows.stream().filter(r -> r.get("partition").asText().endsWith(":anonymous"))
                .findFirst().orElseThrow();
        JsonNode recorded = rows.stream().filter(r -> r.get("model_name").asText().equals("exam")).findFirst()
                .orElseThrow();
        JsonNode anonymous = mapper.readTree(anonymousRow.get("serialized").asText());
        JsonNode exam = mapper.readTree(recorded.get("serialized").asText());
        database.inTransaction(tx -> {
            for (JsonNode row : rows) {
                // everything a guest's log and a quiz reference, but not them
                if (!List.of("contentsessionlog", "exam", "examassignment", "examlog", "examattemptlog",
                        "attemptlog", "individualsyncableexam").contains(row.get("model_name").asText())) {
                    MorangoState.insertStore(tx, storeRow(row));
                }
            }
            return null;
        });
        new StoreDeserializer(database, catalog).deserializeFromStore(FacilityDataModels.PROFILE, null);
        SyncRecords records = new SyncRecordsService(database, catalog);

        // A guest's log: no user, so Kolibri's anonymous partition, and the id Morango computes from it.
        Map<String, Object> log = new LinkedHashMap<>();
        for (String field : List.of("dataset_id", "content_id", "visitor_id", "start_timestamp", "end_timestamp",
                "kind", "extra_fields")) {
            log.put(field, anonymous.get(field).asText());
        }
        log.put("time_spent", anonymous.get("time_spent").asDouble());
        log.put("progress", anonymous.get("progress").asDouble());
        log.put(SyncRecords.SOURCE_ID, anonymous.get("_morango_source_id").asText());
        SyncRecord created = records.create(FacilityDataModels.PROFILE, "contentsessionlog", log);
        assertEquals(anonymous.get("_morango_partition").asText(), created.partition());
        assertEquals(anonymous.get("id").asText(), created.id());
        assertEquals(null, created.get("user_id"));

        // A learner's copy of an assigned quiz, written as Kolibri's server writes it for a learner-only device:
        // the same id, and the Store text Kolibri's serialization gives.
        JsonNode copyRow = rows.stream().filter(r -> r.get("model_name").asText().equals("individualsyncableexam"))
                .findFirst().orElseThrow();
        JsonNode copy = mapper.readTree(copyRow.get("serialized").asText());
        Map<String, Object> individual = new LinkedHashMap<>();
        for (String field : List.of("dataset_id", "user_id", "collection_id", "exam_id", "serialized_exam")) {
            individual.put(field, copy.get(field).asText());
        }
        individual.put(SyncRecords.SOURCE_ID, copy.get("_morango_source_id").asText());
        SyncRecord written = records.create(FacilityDataModels.PROFILE, "individualsyncableexam", individual);
        assertEquals(copyRow.get("id").asText(), written.id());
        assertEquals(copyRow.get("partition").asText(), written.partition());
        new StoreSerializer(database, catalog).serializeIntoStore(FacilityDataModels.PROFILE, null);
        assertEquals(copyRow.get("serialized").asText(), MorangoState.storeRows(database).get(written.id())
                .get("serialized"));

        // A quiz given only what Kolibri's coach screen gives: the rest are Kolibri's defaults.
        Map<String, Object> quiz = new LinkedHashMap<>();
        quiz.put("dataset_id", exam.get("dataset_id").asText());
        quiz.put("title", "Defaults");
        quiz.put("question_count", 3L);
        quiz.put("collection_id", exam.get("collection_id").asText());
        quiz.put("date_created", java.time.Instant.parse("2026-12-07T15:00:00Z"));
        SyncRecord defaults = records.create(FacilityDataModels.PROFILE, "exam", quiz);
        assertEquals(1L, defaults.get("seed"));
        assertEquals(3L, defaults.get("data_model_version"));
        assertEquals("[]", defaults.get("question_sources"));
        assertEquals(false, defaults.get("active"));
        assertEquals(null, defaults.get("creator_id"));

        // A record from a peer that does not serialize some fields yet: Django fills in their defaults.
        ObjectNode older = (ObjectNode) exam.deepCopy();
        older.remove(List.of("data_model_version", "learners_see_fixed_order", "archive", "date_archived"));
        ObjectNode fromOlderPeer = storeRow(recorded);
        fromOlderPeer.put("serialized", older.toString());
        database.inTransaction(tx -> {
            MorangoState.insertStore(tx, fromOlderPeer);
            return null;
        });
        DeserializationResult received = new StoreDeserializer(database, catalog)
                .deserializeFromStore(FacilityDataModels.PROFILE, null);
        assertEquals(Map.of(), errors(database));
        assertEquals(1, received.applied());
        SyncRecord olderExam = records.read(FacilityDataModels.PROFILE, "exam", exam.get("id").asText()).orElseThrow();
        assertEquals(3L, olderExam.get("data_model_version"));
        assertEquals(false, olderExam.get("learners_see_fixed_order"));
        assertEquals(false, olderExam.get("archive"));
        assertEquals(null, olderExam.get("date_archived"));
        assertEquals(exam.get("title").asText(), olderExam.get("title"));
    }

    private static void assertSerializedAsKolibri(List<JsonNode> rows, Database database, String how) {
        Map<String, Map<String, Object>> store = MorangoState.storeRows(database);
        Set<String> models = new TreeSet<>();
        List<String> differences = new ArrayList<>();
        for (JsonNode row : rows) {
            String model = row.get("model_name").asText();
            String id = row.get("id").asText();
            models.add(model);
            Map<String, Object> ours = store.getOrDefault(id, Map.of());
            for (String column : List.of("serialized", "partition", "source_id", "_self_ref_fk")) {
                if (!row.get(column).asText().equals(ours.get(column))) {
                    differences.add(model + " " + id + " " + column + ", " + how + ":\n  Kolibri: "
                            + row.get(column).asText() + "\n  ours:    " + ours.get(column));
                }
            }
        }
        assertEquals("", String.join("\n", differences));
        assertEquals(new TreeSet<>(FacilityDataModels.all().stream().map(m -> m.name()).toList()), models,
                "the recording covers every model of the profile");
    }

    static List<JsonNode> recordedRows() {
        try (InputStream in = KolibriStoreRoundTripTest.class.getResourceAsStream("/vectors/kolibri/kolibri-store.json")) {
            List<JsonNode> rows = new ArrayList<>();
            new ObjectMapper().readTree(in).get("rows").forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelCatalog facilityCatalog(Database database) {
        ModelCatalog catalog = new ModelCatalog(LoggerFactory.getLogger(KolibriStoreRoundTripTest.class),
                new AppTables(database)::provision);
        catalog.add(new ModelCatalog.ProfileSource(1, "facility profile",
                TestApp.profile(FacilityDataModels.PROFILE, FacilityDataModels.all())));
        return catalog;
    }

    /** A dirty Store row as a dequeue from the Kolibri instance leaves it. */
    private static ObjectNode storeRow(JsonNode recorded) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("id", recorded.get("id").asText()).put("profile", FacilityDataModels.PROFILE)
                .put("serialized", recorded.get("serialized").asText()).put("deleted", false)
                .put("hard_deleted", false).put("last_saved_instance", KOLIBRI).put("last_saved_counter", 7)
                .put("partition", recorded.get("partition").asText())
                .put("source_id", recorded.get("source_id").asText())
                .put("model_name", recorded.get("model_name").asText()).put("conflicting_serialized_data", "")
                .put("_self_ref_fk", recorded.get("_self_ref_fk").asText()).put("dirty_bit", true)
                .put("deserialization_error", "").putNull("last_transfer_session_id");
        return row;
    }

    private static void markAllDirty(Database database, ModelCatalog catalog) {
        database.inTransaction(tx -> {
            for (RegisteredModel model : catalog.profile(FacilityDataModels.PROFILE).inDependencyOrder()) {
                tx.update("UPDATE " + model.table() + " SET _morango_dirty_bit = " + tx.dialect().booleanLiteral(true));
            }
            return null;
        });
    }

    private static Map<String, Object> errors(Database database) {
        Map<String, Object> errors = new LinkedHashMap<>();
        MorangoState.storeRows(database).forEach((id, row) -> {
            if (!"".equals(row.get("deserialization_error"))) {
                errors.put(row.get("model_name") + " " + id, row.get("deserialization_error"));
            }
        });
        return errors;
    }
}
