package org.facilitysync.api.monitor;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

/** How a transfer stands, in an operator's words. */
public enum Outcome {
    /** Still in progress (or waiting to be resumed). */
    RUNNING,
    /** Ended after its last stage completed. */
    COMPLETED,
    /** Holds an error: a stage errored; resumable while still in progress. */
    FAILED,
    /** Ended without completing (closed or cleaned up). */
    ENDED;

    /** The outcome of a stored transfer session. */
    public static Outcome of(boolean active, SyncStage stage, TransferStatus status, String error) {
        if (status == TransferStatus.ERRORED || (error != null && !error.isEmpty())) {
            return FAILED;
        }
        if (active) {
            return RUNNING;
        }
        return stage == SyncStage.CLEANUP && status == TransferStatus.COMPLETED ? COMPLETED : ENDED;
    }
}
