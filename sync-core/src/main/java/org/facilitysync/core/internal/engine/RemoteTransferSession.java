package org.facilitysync.core.internal.engine;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

/**
 * A transfer session as the peer reports it (Morango's transfer-session JSON, the fields the client
 * uses).
 *
 * @param id the transfer session
 * @param stage the peer's stage
 * @param status the peer's status of that stage
 * @param recordsTotal records the producer queued
 * @param recordsTransferred records the peer counts as transferred
 * @param serverFsic the server's FSIC text, once computed ({@code "{}"} before)
 * @param active whether the peer still has the transfer in progress
 * @param error the peer's error, or null
 */
public record RemoteTransferSession(String id, SyncStage stage, TransferStatus status, long recordsTotal,
        long recordsTransferred, String serverFsic, boolean active, String error) {

    /** Whether the peer has completed {@code target} (or gone past it). */
    public boolean hasCompleted(SyncStage target) {
        return stage.isAfter(target) || (stage == target && status == TransferStatus.COMPLETED);
    }
}
