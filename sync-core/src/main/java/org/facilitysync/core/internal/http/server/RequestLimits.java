package org.facilitysync.core.internal.http.server;

import java.time.Duration;

/**
 * What one client may ask of the API at a time, so that slow or flooding clients cannot take the
 * threads and memory the others need (configured with {@link MorangoApiComponent.Config}).
 *
 * @param maxBodyBytes the largest request body, compressed or decompressed (413 beyond)
 * @param bodyTimeout how long a body may take to arrive beyond what {@code minBodyBytesPerSecond} allows
 *     (408 and the connection closed after that)
 * @param minBodyBytesPerSecond the slowest a long body may arrive: a body of N bytes may take
 *     {@code bodyTimeout + N / minBodyBytesPerSecond}
 * @param maxRequestsPerClient requests one client address may have in progress at once (429 beyond)
 */
public record RequestLimits(long maxBodyBytes, Duration bodyTimeout, long minBodyBytesPerSecond,
                            int maxRequestsPerClient) {

    /** The defaults of the container: 64 MiB, 30 s, 1 KiB/s, 64 requests. */
    public static final RequestLimits DEFAULTS = new RequestLimits(MorangoApiServlet.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(30), 1024, 64);

    public RequestLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the body limit must be at least 1 byte, not " + maxBodyBytes);
        }
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("the body timeout must be positive, not " + bodyTimeout);
        }
        if (minBodyBytesPerSecond < 1) {
            throw new IllegalArgumentException("the minimum body rate must be at least 1 byte/s, not "
                    + minBodyBytesPerSecond);
        }
        if (maxRequestsPerClient < 1) {
            throw new IllegalArgumentException("the requests per client must be at least 1, not " + maxRequestsPerClient);
        }
    }

    /** These limits with another body limit. */
    public RequestLimits withMaxBodyBytes(long bytes) {
        return new RequestLimits(bytes, bodyTimeout, minBodyBytesPerSecond, maxRequestsPerClient);
    }

    /** When a body of which {@code received} bytes arrived since {@code startNanos} is late. */
    long deadlineNanos(long startNanos, long received) {
        return startNanos + bodyTimeout.toNanos() + received * 1_000_000_000L / minBodyBytesPerSecond;
    }
}
