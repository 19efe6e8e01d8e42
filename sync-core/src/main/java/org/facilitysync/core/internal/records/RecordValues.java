package org.facilitysync.core.internal.records;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.serialization.SerializedJson;

/**
 * Checks values an application writes against the model and converts them to the Java types the
 * application tables hold. Every refusal is an {@link IllegalArgumentException} that names the model,
 * the field and the value.
 */
final class RecordValues {

    /** Morango's ids: a UUID's 32 lowercase hex digits. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    /** Morango's {@code _morango_source_id} is a {@code CharField(max_length=96)}. */
    static final int MAX_SOURCE_ID = 96;

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private RecordValues() {
    }

    /**
     * The values of a new record: every field of the model in field order, absent ones their default or null.
     *
     * @throws IllegalArgumentException for an unknown key, a bad value or a missing required value
     */
    static Map<String, Object> forCreate(RegisteredModel model, Map<String, Object> values) {
        for (String key : values.keySet()) {
            if (!key.equals(SyncRecords.SOURCE_ID)) {
                requireKnown(model, key);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ModelField field : model.fields()) {
            // an absent value takes the field's default, as a Django model's constructor does; an explicit null stays
            Object value = values.containsKey(field.name()) ? values.get(field.name()) : field.defaultValue();
            out.put(field.name(), normalize(model, field, value));
        }
        return out;
    }

    /**
     * The changed values of an update, in field order.
     *
     * @throws IllegalArgumentException for an unknown or Morango key, a bad value or a required value set to null
     */
    static Map<String, Object> forUpdate(RegisteredModel model, Map<String, Object> changes) {
        for (String key : changes.keySet()) {
            requireKnown(model, key);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ModelField field : model.fields()) {
            if (changes.containsKey(field.name())) {
                out.put(field.name(), normalize(model, field, changes.get(field.name())));
            }
        }
        return out;
    }

    /** The explicit source id among a create's values, or null; checked. */
    static String explicitSourceId(RegisteredModel model, Map<String, Object> values) {
        if (!values.containsKey(SyncRecords.SOURCE_ID)) {
            return null;
        }
        Object value = values.get(SyncRecords.SOURCE_ID);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw problem(model, SyncRecords.SOURCE_ID, "must be a String", value);
        }
        if (text.isEmpty()) {
            // Morango raises InvalidMorangoSourceId: an empty source id would make unrelated records collide
            throw problem(model, SyncRecords.SOURCE_ID, "must not be empty", value);
        }
        if (text.length() > MAX_SOURCE_ID) {
            throw problem(model, SyncRecords.SOURCE_ID, "must be at most " + MAX_SOURCE_ID + " characters", value);
        }
        return text;
    }

    /** A lookup's value for {@code fieldName}, checked as a write's would be; null stays null (finds nothing). */
    static Object forLookup(RegisteredModel model, String fieldName, Object value) {
        requireKnown(model, fieldName);
        ModelField field = model.field(fieldName).orElseThrow();
        return value == null ? null : normalize(model, field, value);
    }

    static Object normalize(RegisteredModel model, ModelField field, Object value) {
        if (value == null) {
            if (!field.nullable()) {
                throw new IllegalArgumentException("model " + model.qualifiedName() + ", field '" + field.name()
                        + "': a value is required (the field is not optional)");
            }
            return null;
        }
        return switch (field.type()) {
            case STRING -> string(model, field, value);
            case INTEGER -> integer(model, field, value);
            case REAL -> real(model, field, value);
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw problem(model, field.name(), "expects a Boolean", value);
                }
                yield value;
            }
            case DATETIME -> {
                if (!(value instanceof Instant instant)) {
                    throw problem(model, field.name(), "expects a java.time.Instant", value);
                }
                // the databases keep microseconds: store what reads back equal
                yield instant.truncatedTo(ChronoUnit.MICROS);
            }
            case JSON -> json(model, field, value);
        };
    }

    private static String string(RegisteredModel model, ModelField field, Object value) {
        if (!(value instanceof String text)) {
            throw problem(model, field.name(), "expects a String", value);
        }
        if (text.indexOf('\0') >= 0) {
            throw problem(model, field.name(), "cannot hold a NUL character (the database cannot store it)", value);
        }
        if (field.isReference() && !ID.matcher(text).matches()) {
            throw problem(model, field.name(), "references model '" + field.references()
                    + "' and expects a record id (32 lowercase hex digits)", value);
        }
        return text;
    }

    private static Long integer(RegisteredModel model, ModelField field, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0) {
            return big.longValue();
        }
        throw problem(model, field.name(), "expects an integral Number within 64 bits", value);
    }

    private static Double real(RegisteredModel model, ModelField field, Object value) {
        if (!(value instanceof Number number)) {
            throw problem(model, field.name(), "expects a Number", value);
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw problem(model, field.name(), "expects a finite number (JSON has no NaN or infinity)", value);
        }
        return d;
    }

    /**
     * JSON text, kept in the form Python's {@code json.dumps} writes it: the form a receiving node stores,
     * so that the same record reads the same on every node.
     */
    private static String json(RegisteredModel model, ModelField field, Object value) {
        if (!(value instanceof String text)) {
            throw problem(model, field.name(), "expects a String holding JSON text", value);
        }
        try {
            return SerializedJson.normalize(SerializedJson.parse(text));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw problem(model, field.name(), "expects JSON text, which this is not ("
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", value);
        }
    }

    private static void requireKnown(RegisteredModel model, String key) {
        if (model.field(key).isPresent()) {
            return;
        }
        if (key.equals("id") || key.startsWith("_morango")) {
            throw new IllegalArgumentException("model " + model.qualifiedName() + ": '" + key
                    + "' is computed by the engine and cannot be written"
                    + (key.equals(SyncRecords.SOURCE_ID) ? " after the record was created" : ""));
        }
        throw new IllegalArgumentException("model " + model.qualifiedName() + " has no field '" + key + "' (fields: "
                + String.join(", ", model.fields().stream().map(ModelField::name).toList()) + ")");
    }

    private static IllegalArgumentException problem(RegisteredModel model, String field, String what, Object value) {
        return new IllegalArgumentException("model " + model.qualifiedName() + ", field '" + field + "' " + what
                + ", got " + describe(value));
    }

    /** A value as messages show it: strings quoted (and cut), other values with their type. */
    static String describe(Object value) {
        if (value instanceof String text) {
            return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
        }
        return value + " (" + value.getClass().getName() + ")";
    }
}
