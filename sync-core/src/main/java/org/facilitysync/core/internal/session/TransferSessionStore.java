package org.facilitysync.core.internal.session;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where transfer sessions and sync-session attributes are persisted: Morango's {@code TransferSession}
 * table and {@code SyncSession.extra_fields}.
 *
 * <p>Kept row-like and small so that a JDBC implementation is a handful of statements. Every method is
 * atomic and safe for concurrent use. Implementations must enforce
 * {@link TransferSessionRow#requireValidChange(TransferSessionRow, TransferSessionRow)} in
 * {@link #update(String, UnaryOperator)}.
 */
public interface TransferSessionStore {

    /**
     * Stores a new transfer session.
     *
     * @throws IllegalStateException naming the id when a transfer session with that id is stored
     *         already (in progress, or ended: ids are never reused)
     */
    void insert(TransferSessionRow row);

    /** The stored transfer session, if any. */
    Optional<TransferSessionRow> find(String transferSessionId);

    /**
     * Atomically replaces a stored transfer session with {@code change} applied to it (read, change and
     * write in one transaction), and returns the row written.
     *
     * @throws java.util.NoSuchElementException when no transfer session has that id
     * @throws IllegalStateException when the changed row breaks
     *         {@link TransferSessionRow#requireValidChange(TransferSessionRow, TransferSessionRow)},
     *         for example by moving the stage backwards; nothing is written then
     */
    TransferSessionRow update(String transferSessionId, UnaryOperator<TransferSessionRow> change);

    /** The attribute {@code key} of a sync session, if any. */
    Optional<String> attribute(String syncSessionId, String key);

    /** All attributes of a sync session, as an immutable copy. */
    Map<String, String> attributes(String syncSessionId);

    /** Stores attribute {@code key} of a sync session, replacing any previous value. */
    void putAttribute(String syncSessionId, String key, String value);

    /** Removes attribute {@code key} of a sync session; nothing happens when it is absent. */
    void removeAttribute(String syncSessionId, String key);

    /**
     * Claims the step lease of a transfer session for {@code owner} until {@code untilMillis} (epoch
     * milliseconds), atomically: only when nobody holds it or the holder's lease ran out. The nodes of a
     * hub tier sharing one database step a session one at a time through it.
     *
     * @return whether {@code owner} holds the lease now; false too when the session is not stored
     */
    boolean claimStep(String transferSessionId, String owner, long untilMillis);

    /**
     * Extends the lease {@code owner} holds.
     *
     * @return false when {@code owner} no longer holds it (it ran out and another took it over)
     */
    boolean renewStep(String transferSessionId, String owner, long untilMillis);

    /** Gives up the lease if {@code owner} holds it; nothing happens otherwise. */
    void releaseStep(String transferSessionId, String owner);

    /** Who holds the step lease of the session now, whether or not it ran out; empty when nobody does. */
    Optional<String> stepHolder(String transferSessionId);

    /**
     * Takes the lease over from {@code holder}, atomically: only while {@code holder} still holds it (a
     * holder known to be dead need not be waited for until its lease runs out).
     *
     * @return whether {@code owner} holds the lease now
     */
    boolean takeOverStep(String transferSessionId, String holder, String owner, long untilMillis);
}
