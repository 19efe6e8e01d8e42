package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An error answer. This server writes every refusal as Django REST framework does, {@code {"detail": "..."}};
 * a client reads what any peer's error body says, in one line: DRF puts it in {@code detail}, Morango's
 * CSR view in {@code error_message} (with {@code error_class}), validation errors come as a list or as
 * fields with lists; anything else is shown as (the start of) the text.
 */
public final class ErrorDetail {

    private static final String DETAIL = "detail";
    private static final String ERROR_MESSAGE = "error_message";
    private static final String ERROR_CLASS = "error_class";
    private static final int MAX = 500;

    private ErrorDetail() {
    }

    /** {@code {"detail": message}}, the shape of every refusal. */
    public static String json(String message) {
        return WireJson.write(object(message));
    }

    /** The refusal as the object it is written from. */
    public static Map<String, Object> object(String message) {
        return Map.of(DETAIL, message == null ? "" : message);
    }

    /** The message of a peer's error body, or null when the body is empty. */
    public static String describe(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            String message = describe(WireJson.read(body));
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
            if (node.path(DETAIL).isTextual()) {
                return node.get(DETAIL).textValue();
            }
            if (node.path(ERROR_MESSAGE).isTextual()) {
                String errorClass = node.path(ERROR_CLASS).asText("");
                return (errorClass.isEmpty() ? "" : errorClass + ": ") + node.get(ERROR_MESSAGE).textValue();
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
