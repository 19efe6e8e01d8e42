package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A request body's JSON object, read field by field with the checks a server makes of what a client sent:
 * presence, type, id form. Every problem is a {@link WireFormatException} naming the field; the resource
 * classes read their request bodies through this, so each check and its wording exists once.
 */
public final class WireObject {

    private final JsonNode node;

    private WireObject(JsonNode node) {
        this.node = node;
    }

    /** The JSON value of a body; refused when there is none or it is not JSON. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new WireFormatException("the request has no JSON body");
        }
        try {
            JsonNode node = WireJson.read(body);
            if (node == null) {
                throw new WireFormatException("the request has no JSON body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WireFormatException("JSON parse error - " + e.getOriginalMessage());
        }
    }

    /** The body as an object; refused when it is not one. */
    public static WireObject of(String body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw new WireFormatException("the body must be a JSON object");
        }
        return new WireObject(node);
    }

    /** Whether the field is there with a value other than null. */
    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** A string field that must be there. */
    public String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new WireFormatException("field '" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw new WireFormatException("field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    /** A string field, or {@code fallback} when it is absent or null. */
    public String optionalText(String field, String fallback) {
        return has(field) ? text(field) : fallback;
    }

    /** A Morango id (a UUID, dashes allowed), as 32 lower-case hex digits. */
    public String morangoId(String field) {
        String id = text(field).replace("-", "").toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{32}")) {
            throw new WireFormatException("field '" + field + "' must be a UUID (32 hex digits)");
        }
        return id;
    }

    /** An integer field; a string of digits is taken too, as Django REST framework's IntegerField does. */
    public int integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            if (value != null && value.isTextual() && value.textValue().matches("-?\\d{1,9}")) {
                return Integer.parseInt(value.textValue());
            }
            throw new WireFormatException("field '" + field + "' must be an integer");
        }
        return value.intValue();
    }

    /** A boolean field that must be there. */
    public boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new WireFormatException("field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    /** A count (0 or more), or null when absent or null. */
    public Long optionalCount(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new WireFormatException("field '" + field + "' must be a whole number, 0 or more");
        }
        return value.longValue();
    }
}
