package org.facilitysync.core.internal.http.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The API's answer: status, JSON text (null for none) and extra headers. {@code compressible} marks
 * large answers (buffer pages) that are gzipped when the client accepts it.
 */
public record ApiResponse(int status, String json, Map<String, String> headers, boolean compressible) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    static ApiResponse json(int status, String json) {
        return new ApiResponse(status, json, Map.of(), false);
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, null, Map.of(), false);
    }

    /** The body bytes (UTF-8), empty when there is none. */
    public byte[] bytes() {
        return json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    }
}
