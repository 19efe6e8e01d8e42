package org.facilitysync.api.monitor;

import java.time.Instant;
import java.util.Objects;

import org.facilitysync.api.SyncStage;

/**
 * A background job that runs a server-side stage of a transfer session (sync extras).
 *
 * @param transferSessionId the transfer session
 * @param stage the stage it runs
 * @param state {@code queued}, {@code running}, {@code completed} or {@code failed}
 * @param since when it was queued or, once running, when it started
 * @param error why it failed; empty otherwise
 */
public record BackgroundJob(String transferSessionId, SyncStage stage, String state, Instant since, String error) {

    public BackgroundJob {
        Objects.requireNonNull(transferSessionId, "transferSessionId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(state, "state");
        error = error == null ? "" : error;
    }

    public boolean inProgress() {
        return state.equals("queued") || state.equals("running");
    }

    public boolean failed() {
        return state.equals("failed");
    }
}
