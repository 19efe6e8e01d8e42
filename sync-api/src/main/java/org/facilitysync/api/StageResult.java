package org.facilitysync.api;

/**
 * What a {@link SyncOperation} answers when asked to handle a stage.
 *
 * <p>{@link #SKIPPED} passes the stage to the next operation in the chain. Every other value means the
 * operation handled the stage, and its status becomes the stage's status. There is deliberately no
 * "null means skip": an operation that returns {@code null} errors its stage.
 */
public enum StageResult {
    /** Not handled: the next operation in priority order is asked. */
    SKIPPED(null),
    /** Handled, not finished: the stage is invoked again on the next step. */
    PENDING(TransferStatus.PENDING),
    /** Handled, progress is owned elsewhere (for example a background job). */
    STARTED(TransferStatus.STARTED),
    /** Handled and finished. */
    COMPLETED(TransferStatus.COMPLETED),
    /** Handled and failed; prefer throwing an exception, whose message is kept on the session. */
    ERRORED(TransferStatus.ERRORED);

    private final TransferStatus status;

    StageResult(TransferStatus status) {
        this.status = status;
    }

    /** Whether the operation declined the stage. */
    public boolean isSkipped() {
        return this == SKIPPED;
    }

    /**
     * The stage status this result stands for.
     *
     * @throws IllegalStateException for {@link #SKIPPED}, which stands for no status
     */
    public TransferStatus status() {
        if (status == null) {
            throw new IllegalStateException("SKIPPED carries no transfer status");
        }
        return status;
    }

    /** The handled result that stands for {@code status}. */
    public static StageResult of(TransferStatus status) {
        switch (status) {
            case PENDING: return PENDING;
            case STARTED: return STARTED;
            case COMPLETED: return COMPLETED;
            case ERRORED: return ERRORED;
            default: throw new IllegalArgumentException("no result for status " + status);
        }
    }
}
