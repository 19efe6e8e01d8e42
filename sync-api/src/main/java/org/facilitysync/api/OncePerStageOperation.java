package org.facilitysync.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Base class for an operation whose side effect must happen once per (transfer session, stage), however
 * often the stage is invoked: a pending stage is invoked again on every step, and a resumed session
 * runs its current stage again. This is Kolibri's {@code KolibriSyncOperationMixin}.
 *
 * <p>The first invocation for a (transfer session, stage) calls {@link #handleInitial(SyncContext)} and,
 * once it returned a result, records that fact in the session's {@link SyncContext#attributes()}; later
 * invocations call {@link #handleSubsequent(SyncContext)}. When {@code handleInitial} throws, nothing
 * is recorded, so a retry calls it again. Both default to {@link StageResult#SKIPPED}, so a subclass
 * that only adds a side effect lets the rest of the chain handle the stage.
 *
 * <p>Unlike Kolibri's mixin this works in {@link SyncStage#INITIALIZING} too: the transfer session
 * exists before any operation runs.
 */
@ConsumerType
public abstract class OncePerStageOperation implements SyncOperation {

    /** The prefix of the attribute keys under which handled stages are remembered. */
    public static final String HISTORY_PREFIX = "once:";

    @Override
    public final StageResult handle(SyncContext context) throws Exception {
        String key = historyKey(context);
        if (context.attributes().get(key).isEmpty()) {
            StageResult result = handleInitial(context);
            if (result != null) {
                // A null result errors the stage; leaving it unrecorded lets a resume retry handleInitial.
                context.attributes().put(key, result.name());
            }
            return result;
        }
        return handleSubsequent(context);
    }

    /**
     * The first invocation for this transfer session and stage.
     *
     * @return as {@link SyncOperation#handle(SyncContext)}
     * @throws Exception as {@link SyncOperation#handle(SyncContext)}
     */
    protected StageResult handleInitial(SyncContext context) throws Exception {
        return StageResult.SKIPPED;
    }

    /**
     * Every later invocation for this transfer session and stage.
     *
     * @return as {@link SyncOperation#handle(SyncContext)}
     * @throws Exception as {@link SyncOperation#handle(SyncContext)}
     */
    protected StageResult handleSubsequent(SyncContext context) throws Exception {
        return StageResult.SKIPPED;
    }

    /**
     * The name this operation's history is kept under; the class name unless overridden. Override it
     * when two registrations of one class must keep separate histories.
     */
    protected String historyName() {
        return getClass().getName();
    }

    private String historyKey(SyncContext context) {
        return historyKey(context, context.stage());
    }

    private String historyKey(SyncContext context, SyncStage stage) {
        return HISTORY_PREFIX + historyName() + "/" + context.transferSessionId() + ":" + stage.wireName();
    }

    /**
     * Forgets which stages of {@code context}'s transfer session this operation has handled, so that a sync
     * session's attributes do not grow by one entry per stage for every transfer it ever ran. Call it in the
     * transfer's last stage, once nothing is left that must not be repeated.
     *
     * @since 1.2
     */
    protected final void forgetHistory(SyncContext context) {
        for (SyncStage stage : SyncStage.values()) {
            context.attributes().remove(historyKey(context, stage));
        }
    }

    /** Whether this operation has already handled {@code context}'s current stage of its transfer session. */
    protected final boolean hasHandled(SyncContext context) {
        return context.attributes().get(historyKey(context)).isPresent();
    }
}
