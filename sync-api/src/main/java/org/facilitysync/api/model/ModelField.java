package org.facilitysync.api.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a syncable model.
 *
 * @param name the field's name: its key in serialized records and its column in the model's table
 *        (lowercase letters, digits and underscores, starting with a letter); a foreign key ends in
 *        {@code _id} by convention, as in Django
 * @param type what values the field holds
 * @param nullable whether the field may be null
 * @param references the name of the model (same profile) a foreign key points to, or null; a model
 *        may reference itself through at most one field
 * @param defaultValue the value a record gets when it does not give one, as Django's field default:
 *        on create, and on receiving a record serialized without the field (an older peer's); null for
 *        none, in which case a missing value is null for a nullable field and an error otherwise. Its
 *        Java type is the field type's ({@link FieldType}); JSON text for {@link FieldType#JSON}
 * @since 1.1 (defaultValue)
 */
public record ModelField(String name, FieldType type, boolean nullable, String references, Object defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public ModelField {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name '" + name
                    + "' must be lowercase letters, digits and underscores, starting with a letter");
        }
        if (name.startsWith("_morango") || name.equals("id")) {
            throw new IllegalArgumentException("field name '" + name + "' is reserved for Morango's own columns");
        }
        if (references != null && type != FieldType.STRING) {
            throw new IllegalArgumentException("foreign key '" + name + "' must be a STRING field holding an id");
        }
        defaultValue = defaultValue == null ? null : typed(name, type, defaultValue);
    }

    /** A field without a default (the 1.0 constructor). */
    public ModelField(String name, FieldType type, boolean nullable, String references) {
        this(name, type, nullable, references, null);
    }

    /** A required field. */
    public static ModelField of(String name, FieldType type) {
        return new ModelField(name, type, false, null);
    }

    /** A required foreign key to {@code model}. */
    public static ModelField reference(String name, String model) {
        return new ModelField(name, FieldType.STRING, false, model);
    }

    /** This field, allowing null. */
    public ModelField optional() {
        return new ModelField(name, type, true, references, defaultValue);
    }

    /**
     * This field with a default value (see {@link #defaultValue()}).
     *
     * @throws IllegalArgumentException when the value does not have the field type's Java type
     * @since 1.1
     */
    public ModelField withDefault(Object value) {
        return new ModelField(name, type, nullable, references, java.util.Objects.requireNonNull(value, "value"));
    }

    /** Whether the field has a default value. @since 1.1 */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    private static Object typed(String name, FieldType type, Object value) {
        Object typed = switch (type) {
            case STRING, JSON -> value instanceof String ? value : null;
            case INTEGER -> value instanceof Long || value instanceof Integer || value instanceof Short
                    ? (Object) ((Number) value).longValue() : null;
            case REAL -> value instanceof Number n ? (Object) n.doubleValue() : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case DATETIME -> value instanceof java.time.Instant ? value : null;
        };
        if (typed == null) {
            throw new IllegalArgumentException("default " + value + " (" + value.getClass().getSimpleName()
                    + ") of field '" + name + "' does not fit its type " + type);
        }
        return typed;
    }

    /** Whether this field is a foreign key. */
    public boolean isReference() {
        return references != null;
    }
}
