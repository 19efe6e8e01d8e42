package org.facilitysync.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Vital work inside one or more stages of every transfer session, contributed as a whiteboard service.
 *
 * <p>Register an implementation as an OSGi service with the {@link #STAGE} property (one or more stage
 * names) and optionally {@link #PRIORITY}; on a Declarative Services component, write
 * {@code @SyncOperationStage(stage = SyncStage.CLEANUP, priority = 10)} ({@link SyncOperationStage}) instead
 * of the two properties. For each stage the pipeline asks the operations
 * registered for it in order of priority, <em>higher first</em>, ties broken by the lower
 * {@code service.id}. The first operation that does not answer {@link StageResult#SKIPPED} handles the
 * stage, and its result becomes the stage's status; later operations are not asked. A stage that no
 * operation handles is {@link TransferStatus#ERRORED} with a message naming the stage.
 *
 * <p>The engine's own stage work is registered the same way at {@link #ENGINE_PRIORITY}, so any
 * operation with a higher priority runs before it. An operation that only adds a side effect (and lets
 * the engine do the stage) does its work and returns {@link StageResult#SKIPPED}.
 *
 * <p><b>Errors.</b> Operations are vital to the sync: an exception thrown from
 * {@link #handle(SyncContext)} makes the stage {@link TransferStatus#ERRORED}, and the exception's
 * message is kept on the session as {@link SyncContext#error()}. Returning {@code null} is a programming
 * error and errors the stage too. Use {@link FacilityDataSyncHook} for work that must never fail a sync.
 *
 * <p><b>Threading.</b> A transfer session is driven by one thread at a time, so calls for the same
 * session never overlap; calls for different sessions may run concurrently, so an implementation must
 * be safe for concurrent use across sessions. Keep per-session state in
 * {@link SyncContext#attributes()}, not in fields.
 *
 * <p><b>Snapshots.</b> A transfer session uses the operations that were registered when it began, from
 * start to end; an operation registered later joins the next session, and one unregistered later is
 * still called by sessions already in flight.
 */
@ConsumerType
public interface SyncOperation {

    /**
     * Service property: the stages this operation takes part in, as a String or String[] (or a
     * comma-separated String) of wire names such as {@code "cleanup"}, case ignored (so the enum names
     * {@link SyncOperationStage} writes, such as {@code "CLEANUP"}, too). An unknown name is logged and
     * ignored; an operation with no valid stage takes part in no stage.
     */
    String STAGE = "sync.stage";

    /**
     * Service property: the priority, higher runs first. An Integer, or any Number, or a String that
     * holds an integer (what an untyped {@code .cfg} file yields). Missing means {@link #DEFAULT_PRIORITY}.
     * A value that is not an integer is logged with its origin (service, bundle, configuration file), and
     * the operation keeps the last valid priority it had, or {@link #DEFAULT_PRIORITY} if it never had one.
     */
    String PRIORITY = "sync.priority";

    /** The priority of an operation that declares none. */
    int DEFAULT_PRIORITY = 0;

    /** The priority of the engine's own stage operations: the lowest there is. */
    int ENGINE_PRIORITY = Integer.MIN_VALUE;

    /**
     * Handles, or declines, the current stage of a transfer session.
     *
     * @param context the transfer session as it stands; {@link SyncContext#stage()} is the stage
     *        being run
     * @return {@link StageResult#SKIPPED} to let the next operation handle the stage, or the stage's
     *         new status; never {@code null}
     * @throws Exception to fail the stage; the message is kept on the session
     */
    StageResult handle(SyncContext context) throws Exception;
}
