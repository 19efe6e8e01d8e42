package org.facilitysync.api.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

/**
 * One transfer session (one push or one pull) as stored on this node.
 *
 * @param transferSessionId the transfer session
 * @param syncSessionId its sync session
 * @param peer the other side: the server's base URL when this node is the client, else the client's
 *        address (and instance id)
 * @param datasetId the facility's dataset, or null when not known
 * @param push whether records flow from client to server
 * @param server whether this node answered the sync
 * @param stage the current stage
 * @param status the current stage's status
 * @param active whether it is still in progress (resumable)
 * @param recordsTotal records to transfer, once queued
 * @param recordsTransferred records transferred so far
 * @param bytesSent bytes this node sent
 * @param bytesReceived bytes this node received
 * @param started when it began
 * @param lastActivity when it last changed
 * @param error the error kept on it, or null
 */
public record TransferActivity(String transferSessionId, String syncSessionId, String peer, String datasetId,
        boolean push, boolean server, SyncStage stage, TransferStatus status, boolean active, long recordsTotal,
        long recordsTransferred, long bytesSent, long bytesReceived, Instant started, Instant lastActivity,
        String error) {

    public TransferActivity {
        Objects.requireNonNull(transferSessionId, "transferSessionId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(lastActivity, "lastActivity");
        peer = peer == null ? "" : peer;
    }

    public Outcome outcome() {
        return Outcome.of(active, stage, status, error);
    }

    /** From its start to its last activity. */
    public Duration duration() {
        return Duration.between(started, lastActivity);
    }

    /** "push" or "pull", seen from the client. */
    public String direction() {
        return push ? "push" : "pull";
    }

    /** "server" or "client": this node's role. */
    public String role() {
        return server ? "server" : "client";
    }
}
