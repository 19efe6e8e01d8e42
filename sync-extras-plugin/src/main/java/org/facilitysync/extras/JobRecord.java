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
 * <p>Stored as one attribute value, {@code state|startedAt|reported|owner|leaseUntil|error}, so that a
 * reader never sees the state of one write with the error of another. The nodes of a hub tier share the
 * database: a queued or running job names the node process that owns it and how long its lease lasts;
 * the owner renews the lease while the job is in progress, so another node leaves the job alone until
 * the lease runs out (its owner died), and then takes it over.
 *
 * @param state where the job is
 * @param startedAt when it was queued or, once running, when it started
 * @param reported for a failed job: whether its error has reached the session (so the client saw it)
 * @param owner the node process that queued or runs the job ({@link BackgroundJobs#NODE}); empty in
 *        records written before hub tiers
 * @param leaseUntil until when the owner holds the job, unless it renews the lease
 * @param error for a failed job: what went wrong; otherwise empty
 */
record JobRecord(State state, Instant startedAt, boolean reported, String owner, Instant leaseUntil, String error) {

    /** Where a job is. */
    enum State { QUEUED, RUNNING, COMPLETED, FAILED }

    /** The prefix of the attribute keys; the bundle's symbolic name keeps them apart from other plugins'. */
    static final String KEY_PREFIX = ExtrasSettings.PID + ".job:";

    JobRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        owner = owner == null ? "" : owner;
        leaseUntil = leaseUntil == null ? Instant.EPOCH : leaseUntil;
        error = error == null ? "" : error;
    }

    static JobRecord queued(Instant now, String owner, Instant leaseUntil) {
        return new JobRecord(State.QUEUED, now, false, owner, leaseUntil, "");
    }

    static JobRecord running(Instant now, String owner, Instant leaseUntil) {
        return new JobRecord(State.RUNNING, now, false, owner, leaseUntil, "");
    }

    JobRecord completed() {
        return new JobRecord(State.COMPLETED, startedAt, false, owner, leaseUntil, "");
    }

    JobRecord failed(String why, boolean alreadyReported) {
        return new JobRecord(State.FAILED, startedAt, alreadyReported, owner, leaseUntil, why);
    }

    JobRecord markReported() {
        return new JobRecord(state, startedAt, true, owner, leaseUntil, error);
    }

    JobRecord renewedUntil(Instant until) {
        return new JobRecord(state, startedAt, reported, owner, until, error);
    }

    /** Whether another node process holds this job in progress now, under a lease that has not run out. */
    boolean heldElsewhere(String node, Instant now) {
        return inProgress() && !owner.isEmpty() && !owner.equals(node) && leaseUntil.isAfter(now);
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
        return state.name() + "|" + startedAt + "|" + reported + "|" + owner + "|" + leaseUntil + "|" + error;
    }

    /**
     * Reads a stored record.
     *
     * @throws IllegalStateException naming the key when the stored text is not a job record
     */
    static JobRecord parse(String key, String text) {
        String[] parts = text.split("\\|", 6);
        String[] older = text.split("\\|", 4); // written before hub tiers: no owner, no lease
        try {
            return new JobRecord(State.valueOf(parts[0]), Instant.parse(parts[1]), Boolean.parseBoolean(parts[2]),
                    parts[3], Instant.parse(parts[4]), parts[5]);
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException notNewer) {
            try {
                return new JobRecord(State.valueOf(older[0]), Instant.parse(older[1]),
                        Boolean.parseBoolean(older[2]), "", Instant.EPOCH, older[3]);
            } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException bad) {
                throw new IllegalStateException("session attribute '" + key + "' holds '" + text
                        + "', which is not a background job record (state|startedAt|reported|owner|leaseUntil|error)");
            }
        }
    }
}
