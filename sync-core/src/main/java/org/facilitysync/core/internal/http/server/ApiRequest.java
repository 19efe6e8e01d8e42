package org.facilitysync.core.internal.http.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the API, as the servlet hands it over: its form already checked by {@link ApiRequestReader}
 * (query string, media type, body size, gzip, UTF-8).
 *
 * @param method the HTTP method, upper case
 * @param path the path below {@code /api/morango/v1/}, e.g. {@code transfersessions/<id>/}
 * @param query the query parameters, first value of each
 * @param headers request headers by lower-case name
 * @param body the JSON body text, or null when the request had none or its body is {@code stream}
 * @param stream the body of a request whose body is read as a stream (a push), else null
 * @param remoteAddress the client's address
 * @param baseUrl {@code scheme://host:port} as the client addressed us, for absolute links
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         String body, RequestBody stream, String remoteAddress, String baseUrl) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** Whether the body of a request for {@code method} and {@code path} is read as a stream: a push. */
    static boolean streamsBody(String method, String path) {
        return "POST".equals(method) && "buffers/".equals(path);
    }

    /** A header, by any case of its name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The capabilities the client announced in {@code X-Morango-Capabilities}. */
    public List<String> capabilities() {
        String value = header("X-Morango-Capabilities");
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    /** A query parameter that must be there and not empty. */
    String requiredQuery(String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(name + " is required");
        }
        return value;
    }

    /** A whole-number query parameter: {@code fallback} when absent, at least {@code min}, capped at {@code max}. */
    int queryInt(String name, int fallback, int min, int max) {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min) {
                throw ApiException.badRequest("query parameter " + name + " must be at least " + min);
            }
            return Math.min(value, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + " must be a whole number");
        }
    }
}
