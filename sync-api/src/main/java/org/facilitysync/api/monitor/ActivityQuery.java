package org.facilitysync.api.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * Which sync activity a {@link SyncMonitor} call returns. Immutable; start from {@link #recent()} and
 * narrow it with the {@code withX} methods, each of which returns a new query. New criteria can be added
 * in later versions without breaking callers.
 */
public final class ActivityQuery {

    /** The default and the largest {@link #limit()}. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    private final int limit;
    private final Instant since;
    private final boolean inFlightOnly;
    private final boolean failedOnly;
    private final String transferSessionId;

    private ActivityQuery(int limit, Instant since, boolean inFlightOnly, boolean failedOnly, String transferSessionId) {
        this.limit = limit;
        this.since = since;
        this.inFlightOnly = inFlightOnly;
        this.failedOnly = failedOnly;
        this.transferSessionId = transferSessionId;
    }

    /** The {@value #DEFAULT_LIMIT} most recent entries, of any age and state. */
    public static ActivityQuery recent() {
        return new ActivityQuery(DEFAULT_LIMIT, null, false, false, null);
    }

    /** At most {@code limit} entries (1 to {@value #MAX_LIMIT}). */
    public ActivityQuery withLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return new ActivityQuery(limit, since, inFlightOnly, failedOnly, transferSessionId);
    }

    /** Only entries with activity at or after {@code since}. */
    public ActivityQuery withSince(Instant since) {
        return new ActivityQuery(limit, Objects.requireNonNull(since, "since"), inFlightOnly, failedOnly, transferSessionId);
    }

    /** Only transfers still in progress (or jobs queued or running). */
    public ActivityQuery withInFlightOnly() {
        return new ActivityQuery(limit, since, true, failedOnly, transferSessionId);
    }

    /** Only transfers that hold an error (or jobs that failed). */
    public ActivityQuery withFailedOnly() {
        return new ActivityQuery(limit, since, inFlightOnly, true, transferSessionId);
    }

    /** Only the transfer session {@code transferSessionId} (and its jobs). */
    public ActivityQuery withTransferSession(String transferSessionId) {
        return new ActivityQuery(limit, since, inFlightOnly, failedOnly,
                Objects.requireNonNull(transferSessionId, "transferSessionId"));
    }

    public int limit() {
        return limit;
    }

    /** The earliest activity wanted, or null for any. */
    public Instant since() {
        return since;
    }

    public boolean inFlightOnly() {
        return inFlightOnly;
    }

    public boolean failedOnly() {
        return failedOnly;
    }

    /** The one transfer session wanted, or null for any. */
    public String transferSessionId() {
        return transferSessionId;
    }

    @Override
    public String toString() {
        return "ActivityQuery[limit=" + limit + ", since=" + since + ", inFlightOnly=" + inFlightOnly
                + ", failedOnly=" + failedOnly
                + (transferSessionId == null ? "" : ", transferSessionId=" + transferSessionId) + "]";
    }
}
