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
 */
public record ModelField(String name, FieldType type, boolean nullable, String references) {

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
        return new ModelField(name, type, true, references);
    }

    /** Whether this field is a foreign key. */
    public boolean isReference() {
        return references != null;
    }
}
