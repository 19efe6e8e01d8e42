package org.facilitysync.core.internal.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a peer's error body says, in one line: Django REST framework puts it in {@code detail}, Morango's
 * CSR view in {@code error_message} (with {@code error_class}), validation errors come as a list or as
 * fields with lists; anything else is shown as (the start of) the text.
 */
final class ServerMessage {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX = 500;

    private ServerMessage() {
    }

    /** The message, or null when the body is empty. */
    static String of(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            String message = describe(node);
            if (message != null && !message.isBlank()) {
                return abbreviate(message);
            }
        } catch (Exception e) {
            // not JSON (an HTML error page, a proxy's text): show the text itself
        }
        return abbreviate(body.strip().replaceAll("\\s+", " "));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder();
            node.forEach(item -> {
                String part = describe(item);
                if (part != null) {
                    out.append(out.length() == 0 ? "" : "; ").append(part);
                }
            });
            return out.toString();
        }
        if (node.isObject()) {
            if (node.path("detail").isTextual()) {
                return node.get("detail").textValue();
            }
            if (node.path("error_message").isTextual()) {
                String errorClass = node.path("error_class").asText("");
                return (errorClass.isEmpty() ? "" : errorClass + ": ") + node.get("error_message").textValue();
            }
            StringBuilder out = new StringBuilder();
            node.fields().forEachRemaining(field -> out.append(out.length() == 0 ? "" : "; ").append(field.getKey())
                    .append(": ").append(describe(field.getValue())));
            return out.toString();
        }
        return node.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX) + "...";
    }
}
