package org.facilitysync.core.internal.http.client;

import java.net.URI;

/**
 * A call to a Morango peer failed: the peer answered with an error status, or could not be reached
 * within the call's deadline. The message names the request, what happened and, when the peer said
 * why, its words ({@code detail} / {@code error_message} of the error body).
 */
public final class MorangoHttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final URI uri;
    private final int status;
    private final String serverMessage;

    MorangoHttpException(String method, URI uri, int status, String serverMessage, String message, Throwable cause) {
        super(message, cause);
        this.method = method;
        this.uri = uri;
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** The HTTP method of the failed request. */
    public String method() {
        return method;
    }

    /** The URL of the failed request. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status of the peer's answer, or 0 when no answer came (connection failure, timeout). */
    public int status() {
        return status;
    }

    /** What the peer said about the error, or null when it said nothing readable. */
    public String serverMessage() {
        return serverMessage;
    }

    /** Whether the peer answered at all and refused (4xx): repeating the same request will not help. */
    public boolean isRefusal() {
        return status >= 400 && status < 500;
    }
}
