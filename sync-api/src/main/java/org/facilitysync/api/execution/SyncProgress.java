package org.facilitysync.api.execution;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

/**
 * Where a transfer stands, as reported to {@link SyncOptions#progress()}.
 *
 * @param transferSessionId the transfer session
 * @param push whether records flow from this node (the client) to the peer
 * @param stage the current stage
 * @param status the current stage's status
 * @param recordsTotal records this transfer sends, once queued; 0 before
 * @param recordsTransferred records transferred so far
 * @param bytesSent bytes this node sent to the peer so far
 * @param bytesReceived bytes this node received from the peer so far
 */
public record SyncProgress(String transferSessionId, boolean push, SyncStage stage, TransferStatus status,
        long recordsTotal, long recordsTransferred, long bytesSent, long bytesReceived) {
}
