package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protocol edge's one Jackson mapper, left at Jackson's defaults: answers written with it are the
 * compact JSON Django REST framework sends (no spaces, non-ASCII as is), and every reader of the edge
 * parses with the same settings. It is thread-safe once configured, and configured only here.
 */
public final class WireJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WireJson() {
    }

    /** The mapper, for trees and token streams. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The streaming factory of the mapper. */
    public static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    /**
     * A JSON object of {@code name, value, name, value, ...} in that order (values may be null): how
     * every resource writes its fields, each name one of its constants.
     */
    public static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** {@code fields} without its null values (a client leaves out what it does not report). */
    public static Map<String, Object> withoutNulls(Map<String, Object> fields) {
        fields.values().removeIf(java.util.Objects::isNull);
        return fields;
    }

    /** {@code value} (maps, lists, strings, numbers) as compact JSON text, as the server answers. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The JSON value of {@code text}.
     *
     * @throws JsonProcessingException when it is not JSON
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** The JSON value of {@code bytes} (UTF-8). */
    public static JsonNode read(byte[] bytes) throws java.io.IOException {
        return MAPPER.readTree(bytes);
    }
}
