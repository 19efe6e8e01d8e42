package org.facilitysync.extras;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.SessionAttributes;
import org.facilitysync.api.SyncStage;

/**
 * The durable state of one background job, kept in the sync session's attributes (stored in the node's
 * database by the core), one per (transfer session, stage): a repeated request finds the same job, and
 * a restarted node finds what its jobs were doing.
 *
 * <p>Stored as one attribute value, {@code state|startedAt|reported|error}, so that a reader never sees
 * the state of one write with the error of another.
 *
 * @param state where the job is
 * @param startedAt when it was queued or, once running, when it started
 * @param reported for a failed job: whether its error has reached the session (so the client saw it)
 * @param error for a failed job: what went wrong; otherwise empty
 */
record JobRecord(State state, Instant startedAt, boolean reported, String error) {

    /** Where a job is. */
    enum State { QUEUED, RUNNING, COMPLETED, FAILED }

    /** The prefix of the attribute keys; the bundle's symbolic name keeps them apart from other plugins'. */
    static final String KEY_PREFIX = ExtrasSettings.PID + ".job:";

    JobRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        error = error == null ? "" : error;
    }

    static JobRecord queued(Instant now) {
        return new JobRecord(State.QUEUED, now, false, "");
    }

    static JobRecord running(Instant now) {
        return new JobRecord(State.RUNNING, now, false, "");
    }

    JobRecord completed() {
        return new JobRecord(State.COMPLETED, startedAt, false, "");
    }

    JobRecord failed(String why, boolean alreadyReported) {
        return new JobRecord(State.FAILED, startedAt, alreadyReported, why);
    }

    JobRecord markReported() {
        return new JobRecord(state, startedAt, true, error);
    }

    /** Whether the job is still to run or running (as far as the stored record knows). */
    boolean inProgress() {
        return state == State.QUEUED || state == State.RUNNING;
    }

    /** The attribute key of the job of {@code stage} of a transfer session. */
    static String key(String transferSessionId, SyncStage stage) {
        return KEY_PREFIX + transferSessionId + ":" + stage.wireName();
    }

    static Optional<JobRecord> read(SessionAttributes attributes, String key) {
        return attributes.get(key).map(text -> parse(key, text));
    }

    void write(SessionAttributes attributes, String key) {
        attributes.put(key, encode());
    }

    String encode() {
        return state.name() + "|" + startedAt + "|" + reported + "|" + error;
    }

    /**
     * Reads a stored record.
     *
     * @throws IllegalStateException naming the key when the stored text is not a job record
     */
    static JobRecord parse(String key, String text) {
        String[] parts = text.split("\\|", 4);
        try {
            if (parts.length == 4) {
                return new JobRecord(State.valueOf(parts[0]), Instant.parse(parts[1]), Boolean.parseBoolean(parts[2]),
                        parts[3]);
            }
        } catch (IllegalArgumentException | DateTimeParseException bad) {
            // reported below, with the text
        }
        throw new IllegalStateException("session attribute '" + key + "' holds '" + text
                + "', which is not a background job record (state|startedAt|reported|error)");
    }
}
