package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The facility profile's models against Kolibri 0.17.5's own declarations, recorded from its Django models
 * ({@code vectors/kolibri/kolibri-models.json}): the same fields in the same serialization order, each with
 * the type Kolibri's value serializes as, Kolibri's nullability and Kolibri's static default.
 */
class KolibriModelsTest {

    private static final Set<String> TEXT = Set.of("CharField", "TextField");

    static Stream<JsonNode> kolibriModels() {
        try (InputStream in = KolibriModelsTest.class.getResourceAsStream("/vectors/kolibri/kolibri-models.json")) {
            List<JsonNode> models = new ArrayList<>();
            new ObjectMapper().readTree(in).get("models").forEach(models::add);
            return models.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theProfileHasKolibrisSyncableModels() {
        assertEquals(kolibriModels().map(m -> m.get("morango_model_name").asText()).sorted().toList(),
                FacilityDataModels.all().stream().map(SyncableModel::name).sorted().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kolibriModels")
    void everyFieldIsDeclaredAsKolibriDeclaresIt(JsonNode kolibri) {
        SyncableModel ours = FacilityDataModels.get(kolibri.get("morango_model_name").asText());
        List<String> expected = new ArrayList<>();
        for (JsonNode field : kolibri.get("fields")) {
            expected.add(describe(field));
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i <= ours.fields().size(); i++) {
            if (i == ours.morangoColumnsAt()) {
                actual.addAll(List.of("id", "_morango_source_id", "_morango_partition"));
            }
            if (i < ours.fields().size()) {
                actual.add(describe(ours.fields().get(i)));
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual), ours.name());
    }

    /** A Kolibri field as "name type null default", with the type its serialized value has. */
    private static String describe(JsonNode field) {
        String name = field.get("name").asText();
        if (name.equals("id") || name.startsWith("_morango_")) {
            return name;
        }
        String djangoClass = field.get("class").asText().replaceAll(".*\\.", "");
        boolean toString = field.get("serialize_to_string").asBoolean();
        FieldType type = switch (djangoClass) {
            case "BooleanField" -> FieldType.BOOLEAN;
            case "IntegerField", "SmallIntegerField", "PositiveIntegerField" -> FieldType.INTEGER;
            case "FloatField" -> FieldType.REAL;
            case "DateTimeField" -> FieldType.DATETIME;
            // DateTimeTzField and JSONField serialize to text (value_to_string); UUIDs and keys are text
            default -> FieldType.STRING;
        };
        boolean nullable = field.get("null").asBoolean();
        JsonNode declared = field.get("default");
        String defaultValue = "none";
        if (declared.has("value") && !declared.get("value").isNull()) {
            JsonNode value = declared.get("value");
            defaultValue = toString ? SerializedJson.normalize(value)
                    : type == FieldType.REAL ? String.valueOf(value.asDouble()) : value.asText();
        } else if (declared.has("none") && TEXT.contains(djangoClass) && !nullable) {
            defaultValue = ""; // Django's get_default() for a field that allows empty strings
        }
        String references = field.get("references").isNull() ? "" : " > " + field.get("references").asText();
        return name + " " + type + (nullable ? " null" : "") + " default=" + defaultValue + references
                .replace("collection", "(collection)");
    }

    private static String describe(ModelField field) {
        String defaultValue = field.hasDefault() ? String.valueOf(field.defaultValue()) : "none";
        // a key to any kind of collection is text here (one Kolibri table, four Morango models)
        String references = field.isReference() ? " > " + field.references()
                : field.name().equals("collection_id") ? " > (collection)" : "";
        if (field.name().equals("parent_id")) {
            references = " > (collection)";
        }
        return field.name() + " " + field.type() + (field.nullable() ? " null" : "") + " default=" + defaultValue
                + references;
    }
}
