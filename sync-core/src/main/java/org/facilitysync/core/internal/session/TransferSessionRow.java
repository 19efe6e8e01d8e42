package org.facilitysync.core.internal.session;

import java.util.Objects;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;

/**
 * One persisted transfer session, as a row: the facts fixed when it began, then its progress.
 *
 * <p>Immutable; the {@code with...} methods return changed copies, which a
 * {@link TransferSessionStore} writes back. A store accepts a changed row only when
 * {@link #requireValidChange(TransferSessionRow, TransferSessionRow)} does.
 *
 * @param transferSessionId the transfer session's id (primary key)
 * @param syncSessionId the sync session it belongs to
 * @param push whether records flow from client to server
 * @param server whether this node answers the sync
 * @param filter the partitions transferred
 * @param capabilities the capabilities both sides have
 * @param datasetId the dataset (facility) synced, or null
 * @param localSingleUser whether this node uses a single-user certificate
 * @param remoteSingleUser whether the peer uses a single-user certificate
 * @param singleUserId the single user's id, or null
 * @param stage the current stage
 * @param status the current stage's status
 * @param error why the stage errored, or null
 * @param recordsTotal how many records this transfer sends, once known
 * @param recordsTransferred how many records have been transferred so far
 * @param active whether the transfer session is still in progress (false once cleanup completed)
 */
public record TransferSessionRow(String transferSessionId, String syncSessionId, boolean push, boolean server,
        SyncFilter filter, Set<String> capabilities, String datasetId, boolean localSingleUser,
        boolean remoteSingleUser, String singleUserId, SyncStage stage, TransferStatus status, String error,
        long recordsTotal, long recordsTransferred, boolean active) {

    public TransferSessionRow {
        Objects.requireNonNull(transferSessionId, "transferSessionId");
        Objects.requireNonNull(syncSessionId, "syncSessionId");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        if (recordsTotal < 0 || recordsTransferred < 0) {
            throw new IllegalArgumentException("record counts of transfer session " + transferSessionId
                    + " must not be negative: total " + recordsTotal + ", transferred " + recordsTransferred);
        }
    }

    /** The row of a transfer session that has just begun: stage INITIALIZING, status PENDING, active. */
    public static TransferSessionRow begin(TransferRequest request) {
        return new TransferSessionRow(request.transferSessionId(), request.syncSessionId(), request.push(),
                request.server(), request.filter(), request.capabilities(), request.datasetId(),
                request.localSingleUser(), request.remoteSingleUser(), request.singleUserId(),
                SyncStage.INITIALIZING, TransferStatus.PENDING, null, 0, 0, true);
    }

    /** This row at {@code newStage} with {@code newStatus}; the error is kept. */
    public TransferSessionRow withState(SyncStage newStage, TransferStatus newStatus) {
        return new TransferSessionRow(transferSessionId, syncSessionId, push, server, filter, capabilities,
                datasetId, localSingleUser, remoteSingleUser, singleUserId, newStage, newStatus, error,
                recordsTotal, recordsTransferred, active);
    }

    /** This row with {@code newError} (null clears it). */
    public TransferSessionRow withError(String newError) {
        return new TransferSessionRow(transferSessionId, syncSessionId, push, server, filter, capabilities,
                datasetId, localSingleUser, remoteSingleUser, singleUserId, stage, status, newError,
                recordsTotal, recordsTransferred, active);
    }

    /** This row with new record counts. */
    public TransferSessionRow withRecords(long newTotal, long newTransferred) {
        return new TransferSessionRow(transferSessionId, syncSessionId, push, server, filter, capabilities,
                datasetId, localSingleUser, remoteSingleUser, singleUserId, stage, status, error,
                newTotal, newTransferred, active);
    }

    /** This row no longer in progress. */
    public TransferSessionRow deactivated() {
        return new TransferSessionRow(transferSessionId, syncSessionId, push, server, filter, capabilities,
                datasetId, localSingleUser, remoteSingleUser, singleUserId, stage, status, error,
                recordsTotal, recordsTransferred, false);
    }

    /** Whether the transfer has ended: errored, or cleanup completed. */
    public boolean hasEnded() {
        return status == TransferStatus.ERRORED
                || (stage == SyncStage.CLEANUP && status == TransferStatus.COMPLETED);
    }

    /**
     * Checks that {@code after} may replace {@code before}: same transfer session, the facts fixed at
     * the beginning unchanged, and the stage not moved backwards (Morango's {@code update_state}).
     *
     * @throws IllegalStateException saying which rule {@code after} breaks
     */
    public static void requireValidChange(TransferSessionRow before, TransferSessionRow after) {
        String id = before.transferSessionId();
        if (!id.equals(after.transferSessionId())) {
            throw new IllegalStateException("cannot replace transfer session " + id + " with the row of "
                    + after.transferSessionId());
        }
        if (after.stage().isBefore(before.stage())) {
            throw new IllegalStateException("transfer session " + id + " cannot move back from stage '"
                    + before.stage().wireName() + "' to '" + after.stage().wireName()
                    + "': stages only move forwards");
        }
        if (!before.fixedFacts().equals(after.fixedFacts())) {
            throw new IllegalStateException("transfer session " + id
                    + ": the facts it began with (sync session, direction, role, filter, capabilities,"
                    + " certificates) cannot change");
        }
    }

    private TransferSessionRow fixedFacts() {
        return new TransferSessionRow(transferSessionId, syncSessionId, push, server, filter, capabilities,
                datasetId, localSingleUser, remoteSingleUser, singleUserId, SyncStage.INITIALIZING,
                TransferStatus.PENDING, null, 0, 0, true);
    }
}
