package org.facilitysync.api;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one transfer session, as operations and hooks see it.
 *
 * <p>The two axes of a transfer decide the roles: the <em>client</em> starts the sync and the
 * <em>server</em> answers it; in a push the client is the <em>producer</em> (it sends records) and the
 * server the <em>receiver</em>, in a pull the other way round. Roles come from the persisted session,
 * never from who happens to run the code.
 *
 * <p>Values other than {@link #attributes()} reflect the session when the operation or hook was
 * called; the controller updates them between calls. Implementations are safe to read from the thread
 * the operation or hook is called on.
 */
@ProviderType
public interface SyncContext {

    /** The sync session (one handshake between two nodes, possibly several transfers). */
    String syncSessionId();

    /** The transfer session (one push or one pull); it exists from the start of the transfer. */
    String transferSessionId();

    /** The stage being run, or the last stage that ran. */
    SyncStage stage();

    /** The status of {@link #stage()}. */
    TransferStatus status();

    /** Whether records flow from client to server. */
    boolean isPush();

    /** Whether records flow from server to client. */
    default boolean isPull() {
        return !isPush();
    }

    /** Whether this node answers the sync (it did not start it). */
    boolean isServer();

    /** Whether this node started the sync. */
    default boolean isClient() {
        return !isServer();
    }

    /** Whether this node receives the records of this transfer. */
    default boolean isReceiver() {
        return isPush() == isServer();
    }

    /** Whether this node sends the records of this transfer. */
    default boolean isProducer() {
        return !isReceiver();
    }

    /** The partitions this transfer covers. */
    SyncFilter filter();

    /** The capabilities both sides have (for example {@code ASYNC_OPERATIONS}). */
    Set<String> capabilities();

    /** Whether both sides have {@code capability}. */
    default boolean hasCapability(String capability) {
        return capabilities().contains(capability);
    }

    /** The error kept on the session when a stage failed, naming the stage and the cause. */
    Optional<String> error();

    /** How many records this transfer sends, once known (after queuing); 0 before. */
    long recordsTotal();

    /** How many records have been transferred so far. */
    long recordsTransferred();

    /**
     * Per-session attributes that a plugin may read and write; they are kept with the sync session and
     * survive across transfer sessions, requests and resumes of that sync session.
     */
    SessionAttributes attributes();
}
