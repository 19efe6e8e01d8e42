package org.facilitysync.core.internal.serialization;

import java.math.BigInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.facilitysync.api.model.ModelField;

/**
 * Field values read from a serialized record, checked against the field's type as Django's
 * {@code to_python} would accept them, and converted to the Java values the application tables hold.
 */
final class FieldJson {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private FieldJson() {
    }

    /** A value the field cannot take; the message names the field and the value. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    /**
     * The field's value from the record's JSON ({@code node} null when the key is absent).
     *
     * @throws BadValue when the value does not fit the field
     */
    static Object read(ModelField field, JsonNode node) throws BadValue {
        if (node == null || node.isMissingNode()) {
            if (field.hasDefault()) {
                // a record from a peer whose model has no such field yet: Django's default, as Morango's deserialize
                return field.defaultValue();
            }
            if (field.nullable()) {
                return null;
            }
            throw bad(field, "is missing and is required");
        }
        if (node.isNull()) {
            if (field.nullable()) {
                return null;
            }
            throw bad(field, "is null and is required");
        }
        switch (field.type()) {
            case STRING: {
                if (!node.isTextual()) {
                    throw bad(field, "expected a string, got " + snippet(node));
                }
                String text = node.textValue();
                if (text.indexOf('\0') >= 0) {
                    throw bad(field, "contains a NUL character, which the database cannot store");
                }
                return text;
            }
            case INTEGER: {
                if (node.isIntegralNumber()) {
                    BigInteger value = node.bigIntegerValue();
                    if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
                        throw bad(field, "integer " + value + " is out of the 64-bit range");
                    }
                    return value.longValue();
                }
                if (node.isTextual()) {
                    try {
                        return Long.parseLong(node.textValue().strip());
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
                throw bad(field, "expected an integer, got " + snippet(node));
            }
            case REAL: {
                if (node.isNumber()) {
                    return node.doubleValue();
                }
                if (node.isTextual()) {
                    try {
                        return Double.parseDouble(node.textValue().strip());
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
                throw bad(field, "expected a number, got " + snippet(node));
            }
            case BOOLEAN: {
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                if (node.isIntegralNumber() && (node.asLong() == 0 || node.asLong() == 1)) {
                    return node.asLong() == 1;
                }
                if (node.isTextual()) {
                    switch (node.textValue()) {
                        case "t", "True", "true", "1":
                            return true;
                        case "f", "False", "false", "0":
                            return false;
                        default:
                            break;
                    }
                }
                throw bad(field, "expected true or false, got " + snippet(node));
            }
            case DATETIME: {
                if (!node.isTextual()) {
                    throw bad(field, "expected a datetime string, got " + snippet(node));
                }
                try {
                    return DjangoDateTime.parse(node.textValue());
                } catch (IllegalArgumentException e) {
                    throw bad(field, e.getMessage());
                }
            }
            case JSON:
                return SerializedJson.normalize(node);
            default:
                throw new IllegalStateException("unknown field type " + field.type());
        }
    }

    private static BadValue bad(ModelField field, String problem) {
        return new BadValue("field '" + field.name() + "' (" + field.type() + "): " + problem);
    }

    private static String snippet(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
