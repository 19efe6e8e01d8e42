package org.facilitysync.core.internal.controller;

import java.util.Objects;

import org.facilitysync.api.TransferStatus;

/**
 * What asking a stage's chain of operations gave: the stage's new status, and why it failed.
 *
 * @param status the status the stage ends the invocation with
 * @param error why the stage errored; present exactly when {@code status} is ERRORED
 */
record StageOutcome(TransferStatus status, String error) {

    StageOutcome {
        Objects.requireNonNull(status, "status");
        if ((status == TransferStatus.ERRORED) != (error != null)) {
            throw new IllegalArgumentException("an error message goes with ERRORED and only with it: " + status
                    + ", " + error);
        }
    }

    static StageOutcome handled(TransferStatus status) {
        return new StageOutcome(status, null);
    }

    static StageOutcome failed(String error) {
        return new StageOutcome(TransferStatus.ERRORED, error);
    }

    boolean isErrored() {
        return error != null;
    }
}
