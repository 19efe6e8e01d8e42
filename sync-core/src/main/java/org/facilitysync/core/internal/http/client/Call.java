package org.facilitysync.core.internal.http.client;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of an endpoint to the {@link MorangoTransport}: what it is and whether repeating it after it may
 * have arrived is harmless (see the transport's retry rules).
 */
final class Call {
    final String method;
    final String path;
    final byte[] body;
    final String contentType;
    final boolean repeatable;
    final Map<String, String> headers = new LinkedHashMap<>();

    Call(String method, String path, byte[] body, String contentType, boolean repeatable) {
        this.method = method;
        this.path = path;
        this.body = body;
        this.contentType = contentType;
        this.repeatable = repeatable;
    }

    static Call get(String path) {
        return new Call("GET", path, null, null, true);
    }

    static Call delete(String path) {
        return new Call("DELETE", path, null, null, true);
    }

    static Call patch(String path, String json) {
        return new Call("PATCH", path, json.getBytes(StandardCharsets.UTF_8), "application/json", true);
    }

    static Call post(String path, String json, boolean repeatable) {
        return new Call("POST", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json", repeatable);
    }

    Call header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
