package org.facilitysync.api.execution;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

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
 * @param unknownModels records of models this node's profile does not have (a newer peer's), by model name,
 *        among those transferred: kept in the Store and passed on to other peers, but not deserialized
 * @since 1.1 (unknownModels)
 */
public record TransferResult(String syncSessionId, String transferSessionId, boolean push, TransferStatus status,
        String error, SyncStage stage, long recordsTransferred, Duration elapsed, Map<SyncStage, Duration> stageTimes,
        Map<String, Long> unknownModels) {

    public TransferResult {
        stageTimes = Map.copyOf(stageTimes);
        unknownModels = Collections.unmodifiableMap(new LinkedHashMap<>(unknownModels));
    }

    /** A result without records of unknown models (the 1.0 constructor). */
    public TransferResult(String syncSessionId, String transferSessionId, boolean push, TransferStatus status,
            String error, SyncStage stage, long recordsTransferred, Duration elapsed,
            Map<SyncStage, Duration> stageTimes) {
        this(syncSessionId, transferSessionId, push, status, error, stage, recordsTransferred, elapsed, stageTimes,
                Map.of());
    }

    /** How many records of unknown models were transferred (see {@link #unknownModels()}). @since 1.1 */
    public long unknownModelRecords() {
        return unknownModels.values().stream().mapToLong(Long::longValue).sum();
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
