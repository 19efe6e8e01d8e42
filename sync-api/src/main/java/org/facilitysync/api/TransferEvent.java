package org.facilitysync.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FacilityDataSyncHook} is told about a transfer session (Kolibri's five hook arguments,
 * plus how the transfer ended).
 *
 * @param datasetId the dataset (facility) being synced: the root certificate's id
 * @param localSingleUser whether this node's certificate is a single-user certificate
 * @param remoteSingleUser whether the peer's certificate is a single-user certificate
 * @param singleUserId the user of whichever certificate is single-user, or null when neither is
 * @param context the transfer session as it stands when the hook is called
 * @param outcome null for {@code preTransfer}; {@link TransferStatus#COMPLETED} or
 *        {@link TransferStatus#ERRORED} for {@code postTransfer}
 */
public record TransferEvent(String datasetId, boolean localSingleUser, boolean remoteSingleUser,
        String singleUserId, SyncContext context, TransferStatus outcome) {

    public TransferEvent {
        Objects.requireNonNull(context, "context");
        if (outcome != null && !outcome.isFinished()) {
            throw new IllegalArgumentException("a transfer ends COMPLETED or ERRORED, not " + outcome);
        }
    }

    /** The single user's id, when either side uses a single-user certificate. */
    public Optional<String> singleUser() {
        return Optional.ofNullable(singleUserId);
    }

    /** How the transfer ended; empty in {@code preTransfer}. */
    public Optional<TransferStatus> ending() {
        return Optional.ofNullable(outcome);
    }

    /** Whether this is a {@code postTransfer} event of a transfer that completed. */
    public boolean succeeded() {
        return outcome == TransferStatus.COMPLETED;
    }
}
