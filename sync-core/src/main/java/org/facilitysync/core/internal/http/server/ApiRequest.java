package org.facilitysync.core.internal.http.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the API, as the servlet hands it over: body already read within the size limit and
 * un-gzipped.
 *
 * @param method the HTTP method, upper case
 * @param path the path below {@code /api/morango/v1/}, e.g. {@code transfersessions/<id>/}
 * @param query the query parameters, first value of each
 * @param headers request headers by lower-case name
 * @param body the JSON body text, or null when the request had none
 * @param remoteAddress the client's address
 * @param baseUrl {@code scheme://host:port} as the client addressed us, for absolute links
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         String body, String remoteAddress, String baseUrl) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
        Objects.requireNonNull(baseUrl, "baseUrl");
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
}
