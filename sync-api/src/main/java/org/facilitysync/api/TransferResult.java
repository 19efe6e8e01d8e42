package org.facilitysync.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one transfer (a push or a pull) ended.
 *
 * @param syncSessionId the sync session
 * @param transferSessionId the transfer session; resume it by this id after an error
 * @param push whether records flowed from this node to the peer
 * @param status {@link TransferStatus#COMPLETED} or {@link TransferStatus#ERRORED}
 * @param error what went wrong, naming the stage; null when completed
 * @param stage the stage the transfer ended in
 * @param recordsTransferred records transferred
 * @param elapsed the wall-clock time of the whole transfer
 * @param stageTimes the wall-clock time spent in each stage this run, in stage order
 */
public record TransferResult(String syncSessionId, String transferSessionId, boolean push, TransferStatus status,
        String error, SyncStage stage, long recordsTransferred, Duration elapsed, Map<SyncStage, Duration> stageTimes) {

    public TransferResult {
        stageTimes = Map.copyOf(stageTimes);
    }

    /** Whether the transfer completed. */
    public boolean succeeded() {
        return status == TransferStatus.COMPLETED;
    }

    /** The error, when the transfer failed. */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }
}
