package org.facilitysync.core.internal.http.client;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Statistics of the HTTP requests one {@link MorangoHttpClient} made: how many, and the longest with
 * what it was. Failed requests count too (a timeout is a long request). Thread-safe.
 */
public final class RequestTimes {

    /** One request: its method, full URL and how long it took until its answer (or failure). */
    public record TimedRequest(String method, URI uri, Duration took) {
        @Override
        public String toString() {
            return method + " " + uri + " in " + took.toMillis() + " ms";
        }
    }

    private long count;
    private TimedRequest longest;

    synchronized void record(String method, URI uri, long nanos) {
        count++;
        if (longest == null || nanos > longest.took().toNanos()) {
            longest = new TimedRequest(method, uri, Duration.ofNanos(nanos));
        }
    }

    /** How many requests were made. */
    public synchronized long count() {
        return count;
    }

    /** The longest request so far; empty before the first. */
    public synchronized Optional<TimedRequest> longest() {
        return Optional.ofNullable(longest);
    }

    /** The duration of the longest request so far, zero before the first. */
    public synchronized Duration longestDuration() {
        return longest == null ? Duration.ZERO : longest.took();
    }

    @Override
    public synchronized String toString() {
        return count + " requests, longest " + (longest == null ? "none" : longest);
    }
}
