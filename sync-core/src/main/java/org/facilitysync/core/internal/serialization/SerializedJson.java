package org.facilitysync.core.internal.serialization;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.core.internal.identity.PythonFloat;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.model.RegisteredModel;

/**
 * The {@code serialized} text of Store rows, byte for byte as Morango writes it: Django's
 * {@code DjangoJSONEncoder().encode(dict)}, i.e. Python's {@code json.dumps} defaults (separators
 * {@code ", "} and {@code ": "}, non-ASCII escaped, keys in insertion order) with datetimes in
 * {@link DjangoDateTime} form and floats as {@link PythonFloat}.
 *
 * <p>A record's dict is the fields in declared order with {@code id, _morango_source_id, _morango_partition}
 * before the field at the model's {@code morangoColumnsAt} (first, unless Django put inherited fields first).
 * Updating a Store row merges key by key as Python's {@code dict.update}: keys already there keep their place
 * (and keys this node does not know survive), new keys are appended.
 */
public final class SerializedJson {

    /** Reads what Python's {@code json.loads} reads, NaN and Infinity included. */
    private static final ObjectMapper MAPPER = PythonJson.MAPPER;

    private SerializedJson() {
    }

    /**
     * The serialized text of a record that has no Store row yet.
     *
     * @param values the field values in {@link RegisteredModel#fields()} order, as the app table holds them
     */
    public static String fresh(RegisteredModel model, String id, String sourceId, String partition, Object[] values) {
        StringBuilder out = new StringBuilder(128 + 48 * values.length).append('{');
        List<ModelField> fields = model.fields();
        int morangoAt = model.model().morangoColumnsAt();
        for (int i = 0; i <= fields.size(); i++) {
            if (i == morangoAt) {
                quote(id, out.append(i == 0 ? "\"id\": " : ", \"id\": "));
                quote(sourceId, out.append(", \"_morango_source_id\": "));
                quote(partition, out.append(", \"_morango_partition\": "));
            }
            if (i < fields.size()) {
                ModelField field = fields.get(i);
                quote(field.name(), out.append(out.length() == 1 ? "" : ", ")).append(": ");
                writeValue(field, values[i], out);
            }
        }
        return out.append('}').toString();
    }

    /**
     * The serialized text after updating {@code existing} (a Store row's {@code serialized}) with the
     * record: Morango's {@code json.loads(store.serialized).update(app.serialize())}. Text that is not
     * a JSON object (a hard-deleted row's {@code ""}) counts as {@code {}}.
     */
    public static String merged(String existing, RegisteredModel model, String id, String sourceId, String partition,
                                Object[] values) {
        ObjectNode dict = parseObjectOrEmpty(existing);
        dict.put("id", id);
        dict.put("_morango_source_id", sourceId);
        dict.put("_morango_partition", partition);
        List<ModelField> fields = model.fields();
        for (int i = 0; i < fields.size(); i++) {
            dict.set(fields.get(i).name(), toNode(fields.get(i), values[i]));
        }
        StringBuilder out = new StringBuilder(existing.length() + 64);
        write(dict, out);
        return out.toString();
    }

    /**
     * Parses serialized text into an object whose iteration order is the text's key order.
     *
     * @throws JsonProcessingException when the text is not JSON
     * @throws IllegalArgumentException when it is JSON but not an object
     */
    public static ObjectNode parseObject(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(node == null ? "empty"
                    : "JSON, but not an object (" + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return (ObjectNode) node;
    }

    /** A streaming parser over {@code text} that can also read subtrees ({@code readValueAsTree}). */
    static com.fasterxml.jackson.core.JsonParser parser(String text) throws java.io.IOException {
        return MAPPER.createParser(text);
    }

    /** Parses JSON text of any kind (a JSON field's value). */
    public static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null) {
            throw new IllegalArgumentException("empty text is not JSON");
        }
        return node;
    }

    /** Writes {@code node} as Python's {@code json.dumps} does (floats as Python's {@code repr}). */
    public static void write(JsonNode node, StringBuilder out) {
        PythonJson.write(node, out);
    }

    /** Python's {@code json.dumps} text of a JSON text (how JSON field values are normalized). */
    public static String normalize(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** Appends the JSON string literal of {@code text}, as {@link PythonJson#appendQuoted(String, StringBuilder)}. */
    static StringBuilder quote(String text, StringBuilder out) {
        PythonJson.appendQuoted(text, out);
        return out;
    }

    private static void writeValue(ModelField field, Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
            return;
        }
        switch (field.type()) {
            case STRING -> quote((String) value, out);
            case INTEGER -> out.append(((Number) value).longValue());
            case REAL -> out.append(PythonFloat.repr(((Number) value).doubleValue()));
            case BOOLEAN -> out.append((Boolean) value ? "true" : "false");
            case DATETIME -> out.append('"').append(DjangoDateTime.format((Instant) value)).append('"');
            case JSON -> write(jsonFieldNode((String) value), out);
        }
    }

    private static JsonNode toNode(ModelField field, Object value) {
        if (value == null) {
            return NullNode.instance;
        }
        return switch (field.type()) {
            case STRING -> TextNode.valueOf((String) value);
            case INTEGER -> LongNode.valueOf(((Number) value).longValue());
            case REAL -> DoubleNode.valueOf(((Number) value).doubleValue());
            case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
            case DATETIME -> TextNode.valueOf(DjangoDateTime.format((Instant) value));
            case JSON -> jsonFieldNode((String) value);
        };
    }

    /** A JSON field's stored text as a tree; text that does not parse (written around the API) travels as a string. */
    private static JsonNode jsonFieldNode(String text) {
        try {
            return parse(text);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return TextNode.valueOf(text);
        }
    }

    private static ObjectNode parseObjectOrEmpty(String text) {
        if (text != null && !text.isBlank()) {
            try {
                return parseObject(text);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // Morango would fail on such a row; the app row's values replace it entirely instead.
            }
        }
        return JsonNodeFactory.instance.objectNode();
    }
}
