package org.facilitysync.core.internal.http.server;

import java.util.Map;

/**
 * A request the API refuses, with the status and the sentence the client gets as
 * {@code {"detail": "..."}} (Django REST framework's error shape). Nothing was changed.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    public ApiException(int status, String detail) {
        this(status, detail, Map.of());
    }

    public ApiException(int status, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** Extra response headers ({@code Allow}, {@code WWW-Authenticate}). */
    public Map<String, String> headers() {
        return headers;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    static ApiException forbidden(String detail) {
        return new ApiException(403, detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    /** What {@code found} holds, or a 404 saying {@code missing}. */
    static <T> T orNotFound(java.util.Optional<T> found, String missing) {
        return found.orElseThrow(() -> notFound(missing));
    }
}
