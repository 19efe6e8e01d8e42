package org.facilitysync.api.execution;

import java.time.Instant;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

/**
 * A transfer session as stored on this node, for listing ({@code sync:sessions}).
 *
 * @param syncSessionId the sync session
 * @param transferSessionId the transfer session
 * @param push whether records flow from client to server
 * @param server whether this node is the server of the sync
 * @param filter the partitions transferred
 * @param stage the current stage
 * @param status the current stage's status
 * @param active whether the transfer is still in progress (resumable)
 * @param recordsTotal records to transfer, once queued
 * @param recordsTransferred records transferred so far
 * @param lastActivity when the session last changed
 * @param error the error kept on the session, or null
 */
public record TransferSummary(String syncSessionId, String transferSessionId, boolean push, boolean server,
        SyncFilter filter, SyncStage stage, TransferStatus status, boolean active, long recordsTotal,
        long recordsTransferred, Instant lastActivity, String error) {
}
