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

    /**
     * The limits a configuration of {@link MorangoApiComponent#PID} asks for ({@link MorangoApiComponent.Config}
     * gives the defaults, the same as {@link #DEFAULTS}, for the keys it leaves out).
     *
     * @throws IllegalArgumentException naming the first key whose value is not a whole number in its range
     */
    static RequestLimits from(MorangoApiComponent.Config config) {
        long bodyBytes = whole("max.body.bytes", config.max_body_bytes(), Long.MAX_VALUE);
        long timeout = whole("body.timeout.seconds", config.body_timeout_seconds(), 365L * 24 * 3600);
        long rate = whole("min.body.bytes.per.second", config.min_body_bytes_per_second(), Long.MAX_VALUE);
        long perClient = whole("max.requests.per.client", config.max_requests_per_client(), Integer.MAX_VALUE);
        return new RequestLimits(bodyBytes, Duration.ofSeconds(timeout), rate, (int) perClient);
    }

    /** {@code value} as a whole number from 1 to {@code max}, written plainly ({@code 1.5} and {@code 1e3} refused). */
    private static long whole(String key, String value, long max) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1 || number > max || !value.trim().equals(String.valueOf(number))) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number from 1 to " + max + ", not '"
                    + value + "'");
        }
        return number;
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
