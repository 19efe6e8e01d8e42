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
import org.facilitysync.core.internal.model.AppTables;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.model.TestApp;
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
    /** The models checked so far (the others follow with the profile's field-for-field review). */
    private static final Set<String> CHECKED = Set.of("bookmark", "learnerdevicestatus");

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

    private static void assertSerializedAsKolibri(List<JsonNode> rows, Database database, String how) {
        Map<String, Map<String, Object>> store = MorangoState.storeRows(database);
        Set<String> models = new TreeSet<>();
        List<String> differences = new ArrayList<>();
        for (JsonNode row : rows) {
            String model = row.get("model_name").asText();
            String id = row.get("id").asText();
            models.add(model);
            if (!CHECKED.contains(model)) {
                continue;
            }
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
            if (!"".equals(row.get("deserialization_error")) && CHECKED.contains(row.get("model_name"))) {
                errors.put(row.get("model_name") + " " + id, row.get("deserialization_error"));
            }
        });
        return errors;
    }
}
