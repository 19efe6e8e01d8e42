package org.facilitysync.core.internal.session;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.facilitysync.api.SessionAttributes;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;

/**
 * The core's handle to change one persisted transfer session; plugins only ever see the read-only
 * {@link #context()}.
 *
 * <p>Every change is one atomic {@link TransferSessionStore#update} of the stored row, so changes made
 * through different handles to the same transfer session (the controller's thread setting the stage,
 * a background job counting records) never overwrite each other's columns. Stages only move forwards:
 * a change that would move one backwards throws {@link IllegalStateException}.
 */
public final class MutableTransferState {

    private final TransferSessionStore store;
    private final String transferSessionId;
    private final SessionAttributes attributes;
    /** Objects of this process the transfer's operations need and that cannot be stored; see {@link #attach}. */
    private final Map<Class<?>, Object> attached = new ConcurrentHashMap<>();

    private MutableTransferState(TransferSessionStore store, TransferSessionRow row) {
        this.store = store;
        this.transferSessionId = row.transferSessionId();
        this.attributes = new StoredSessionAttributes(store, row.syncSessionId());
    }

    /**
     * Stores a new transfer session for {@code request}, at stage INITIALIZING, status PENDING.
     *
     * @throws IllegalStateException naming the id when that transfer session is stored already
     */
    public static MutableTransferState begin(TransferSessionStore store, TransferRequest request) {
        TransferSessionRow row = TransferSessionRow.begin(request);
        store.insert(row);
        return new MutableTransferState(store, row);
    }

    /**
     * A handle to a stored transfer session, for example one that is resumed.
     *
     * @throws NoSuchElementException when no transfer session has that id
     */
    public static MutableTransferState of(TransferSessionStore store, String transferSessionId) {
        Objects.requireNonNull(store, "store");
        TransferSessionRow row = store.find(transferSessionId)
                .orElseThrow(() -> new NoSuchElementException("no transfer session " + transferSessionId));
        return new MutableTransferState(store, row);
    }

    public String transferSessionId() {
        return transferSessionId;
    }

    /** The store the session is kept in (where the controller claims its step lease). */
    public TransferSessionStore store() {
        return store;
    }

    /** The stored row as it stands now. */
    public TransferSessionRow row() {
        return store.find(transferSessionId).orElseThrow(
                () -> new NoSuchElementException("transfer session " + transferSessionId + " is no longer stored"));
    }

    /** A read-only view of the transfer session as it stands now. */
    public SyncContext context() {
        return new SessionView(row(), attributes, attached);
    }

    /**
     * Attaches {@code value} to this transfer session for as long as this handle lives: every context it
     * gives out from now on carries it ({@link SessionView#attached}). For what exists only in this process,
     * such as a client transfer's connection to its peer; a restarted process has to attach it again.
     */
    public <T> void attach(Class<T> type, T value) {
        attached.put(type, type.cast(Objects.requireNonNull(value, "value")));
    }

    /** Removes what {@link #attach} attached under {@code type}, returning it. */
    public <T> Optional<T> detach(Class<T> type) {
        return Optional.ofNullable(type.cast(attached.remove(type)));
    }

    /** The sync session's attributes, live. */
    public SessionAttributes attributes() {
        return attributes;
    }

    /**
     * Moves to {@code stage} with {@code status}.
     *
     * @throws IllegalStateException when {@code stage} is before the current stage
     */
    public TransferSessionRow moveTo(SyncStage stage, TransferStatus status) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        return store.update(transferSessionId, row -> row.withState(stage, status));
    }

    /** Sets the status of the current stage. */
    public TransferSessionRow setStatus(TransferStatus status) {
        Objects.requireNonNull(status, "status");
        return store.update(transferSessionId, row -> row.withState(row.stage(), status));
    }

    /**
     * Sets the status of {@code stage}, unless the transfer session has moved on to another stage
     * meanwhile: an operation that moved the stage itself takes precedence (as in Morango).
     */
    public TransferSessionRow setStatusOf(SyncStage stage, TransferStatus status) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        return store.update(transferSessionId, row -> row.stage() == stage ? row.withState(stage, status) : row);
    }

    /** Makes the current stage ERRORED and keeps {@code error} on the session. */
    public TransferSessionRow fail(String error) {
        Objects.requireNonNull(error, "error");
        return store.update(transferSessionId,
                row -> row.withState(row.stage(), TransferStatus.ERRORED).withError(error));
    }

    /**
     * Makes an ERRORED current stage PENDING again and clears the error; any other status is left as is.
     *
     * @return the row written, or the current row when it was not ERRORED
     */
    public TransferSessionRow resume() {
        return store.update(transferSessionId, row -> row.status() != TransferStatus.ERRORED ? row
                : row.withState(row.stage(), TransferStatus.PENDING).withError(null));
    }

    /** Sets how many records this transfer sends. */
    public TransferSessionRow setRecordsTotal(long recordsTotal) {
        return store.update(transferSessionId, row -> row.withRecords(recordsTotal, row.recordsTransferred()));
    }

    /** Sets how many records have been transferred so far. */
    public TransferSessionRow setRecordsTransferred(long recordsTransferred) {
        return store.update(transferSessionId, row -> row.withRecords(row.recordsTotal(), recordsTransferred));
    }

    /** Adds {@code count} to the records transferred so far (one chunk, say). */
    public TransferSessionRow addRecordsTransferred(long count) {
        return store.update(transferSessionId,
                row -> row.withRecords(row.recordsTotal(), row.recordsTransferred() + count));
    }

    /** Marks the transfer session as no longer in progress. */
    public TransferSessionRow deactivate() {
        return store.update(transferSessionId, TransferSessionRow::deactivated);
    }

    @Override
    public String toString() {
        return "transfer session " + transferSessionId;
    }
}
