package org.facilitysync.api.execution;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Drives one transfer session through its stages, with Morango's {@code SessionController} contract.
 *
 * <p>The controller uses the pipeline snapshot taken when it was begun for its whole life. It calls
 * {@link FacilityDataSyncHook#preTransfer} once {@link SyncStage#INITIALIZING} has completed and
 * {@link FacilityDataSyncHook#postTransfer} once {@link SyncStage#CLEANUP} has completed or a stage has
 * errored.
 *
 * <p><b>Threading.</b> Safe for use from several threads; calls are serialized, one step at a time.
 */
@ProviderType
public interface TransferController {

    /** The transfer session as it stands now. */
    SyncContext context();

    /**
     * Runs stages up to {@code target}, without waiting.
     *
     * <ul>
     * <li>A target the session has already passed returns {@link TransferStatus#COMPLETED}.</li>
     * <li>A session whose status is {@link TransferStatus#STARTED} or {@link TransferStatus#ERRORED}
     * returns that status and invokes nothing.</li>
     * <li>Otherwise the stages after the current one, up to the target, are invoked in order, and the
     * current stage again only while it is {@link TransferStatus#PENDING}; the first result that is
     * not {@link TransferStatus#COMPLETED} stops the run and is returned.</li>
     * <li>A stage no operation handles, an operation that throws or returns null: the stage is
     * {@link TransferStatus#ERRORED} and the error is kept on the session.</li>
     * </ul>
     *
     * @return the status the session is left in
     */
    TransferStatus proceedTo(SyncStage target);

    /**
     * {@link #proceedTo(SyncStage)} repeatedly until the target is {@link TransferStatus#COMPLETED} or
     * the session {@link TransferStatus#ERRORED}. After a step that made progress (the stage, status or
     * records transferred changed) the next step follows at once; after a step that made none it backs
     * off exponentially (0.3 s, 0.9 s, 2.1 s, ...) up to {@code maxInterval}. When {@code timeout} has
     * passed, the stage is {@link TransferStatus#ERRORED} with an error saying what it waited for.
     *
     * @return {@link TransferStatus#COMPLETED} or {@link TransferStatus#ERRORED}
     */
    default TransferStatus proceedToAndWaitFor(SyncStage target, Duration timeout, Duration maxInterval) {
        return proceedToAndWaitFor(target, timeout, maxInterval, context -> { });
    }

    /**
     * {@link #proceedToAndWaitFor(SyncStage, Duration, Duration)}, calling {@code afterEachStep} with
     * the session as it stands after every step (Morango's callback): the place to report progress.
     * An exception from it is logged and ignored.
     */
    TransferStatus proceedToAndWaitFor(SyncStage target, Duration timeout, Duration maxInterval,
            Consumer<SyncContext> afterEachStep);

    /** {@link #proceedToAndWaitFor(SyncStage, Duration, Duration)} with a one-second backoff cap. */
    default TransferStatus proceedToAndWaitFor(SyncStage target, Duration timeout) {
        return proceedToAndWaitFor(target, timeout, Duration.ofSeconds(1));
    }

    /**
     * Makes an {@link TransferStatus#ERRORED} stage {@link TransferStatus#PENDING} again, so the next
     * step re-invokes it, and clears the error. Does nothing in any other status.
     */
    void resume();

    /** The operations this transfer session runs for {@code stage}, in order (its snapshot). */
    List<PipelineEntry> operations(SyncStage stage);
}
