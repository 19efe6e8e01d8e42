package org.facilitysync.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fail-tolerant work before and after a transfer, contributed as a whiteboard service.
 *
 * <p>Register an implementation as an OSGi service (no properties are needed; {@code service.ranking}
 * orders hooks, higher first). Every transfer session calls {@link #preTransfer(TransferEvent)} once its
 * {@link SyncStage#INITIALIZING} stage has completed, so the transfer session exists, and
 * {@link #postTransfer(TransferEvent)} each time it ends: after {@link SyncStage#CLEANUP} completed, or
 * as soon as a stage failed. A failed transfer that is resumed and then completes ends twice, and
 * {@code postTransfer} is called for each ending.
 *
 * <p><b>Errors.</b> Hooks never change a sync's outcome. An exception thrown from a hook is logged with
 * the hook's class and bundle, and the sync carries on as if the hook had returned normally. Use a
 * {@link SyncOperation} for work the sync must not complete without.
 *
 * <p><b>Threading.</b> Hooks are called on the thread that drives the transfer session, and they delay
 * that session while they run; hand long work to an executor. Calls for different sessions may run
 * concurrently.
 */
@ConsumerType
public interface FacilityDataSyncHook {

    /**
     * Called once per transfer session after {@link SyncStage#INITIALIZING} has completed.
     *
     * @param event the transfer's dataset, certificates' single-user status and context;
     *        {@link TransferEvent#outcome()} is null
     */
    default void preTransfer(TransferEvent event) {
    }

    /**
     * Called after the transfer session has ended, successfully or not (once per ending).
     *
     * @param event as for {@link #preTransfer(TransferEvent)}, with {@link TransferEvent#outcome()} set
     *        to {@link TransferStatus#COMPLETED} or {@link TransferStatus#ERRORED}
     */
    default void postTransfer(TransferEvent event) {
    }
}
