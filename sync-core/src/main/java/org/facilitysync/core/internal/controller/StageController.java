package org.facilitysync.core.internal.controller;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.TransferEvent;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.pipeline.PipelineSnapshot;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.session.TransferSessionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one transfer session through its stages with Morango's {@code SessionController} contract
 * (see {@link TransferController}), with an overall deadline and no sleep after steps that progressed.
 *
 * <p>The stage and status live in the store, not here, so a controller can be made for a session that
 * is already under way (a resume) and sees what background jobs write. What lives here is per
 * controller: the pipeline snapshot and whether the hooks have been told.
 *
 * <p><b>Hooks.</b> {@code preTransfer} is called once per controller, as soon as it sees INITIALIZING
 * completed (or, for a session already past INITIALIZING, on its first step that is not ERRORED),
 * before any later stage runs. {@code postTransfer} is called once per ending this controller sees:
 * CLEANUP completed, or the session ERRORED; {@link #resume()} allows another ending. A session that
 * had already ended when the controller was made is not reported again.
 *
 * <p><b>Threading.</b> Steps are serialized by a lock; {@link #proceedToAndWaitFor} releases it while
 * it sleeps, so other callers can step or resume in between. {@link #proceedTo} never waits for the
 * lock: while another thread steps (a background job), it reports the stored state instead. Across
 * processes (the nodes of a hub tier) steps are serialized by the session's step lease in the
 * database ({@link StepLease}), which a step claims before it runs a stage and never waits for.
 */
public final class StageController implements TransferController {

    private final PipelineSnapshot snapshot;
    private final MutableTransferState state;
    private final Pacer pacer;
    private final StageChain chain;
    private final HookDispatcher hooks;
    private final Logger log;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private boolean preTransferCalled;
    private boolean postTransferDue;

    /**
     * A controller for the stored transfer session {@code state}, running with {@code snapshot} for
     * its whole life.
     */
    public StageController(PipelineSnapshot snapshot, MutableTransferState state, Pacer pacer) {
        this(snapshot, state, pacer, LoggerFactory.getLogger(StageController.class));
    }

    StageController(PipelineSnapshot snapshot, MutableTransferState state, Pacer pacer, Logger log) {
        this.log = Objects.requireNonNull(log, "log");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.state = Objects.requireNonNull(state, "state");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.chain = new StageChain(log);
        this.hooks = new HookDispatcher(snapshot.hooks(), log);
        this.postTransferDue = !state.row().hasEnded();
    }

    @Override
    public SyncContext context() {
        return state.context();
    }

    /** Attaches {@code value} to the transfer session's contexts from now on ({@link MutableTransferState#attach}). */
    public <T> void attach(Class<T> type, T value) {
        state.attach(type, value);
    }

    /** Removes what {@link #attach} attached under {@code type}, returning it. */
    public <T> java.util.Optional<T> detach(Class<T> type) {
        return state.detach(type);
    }

    @Override
    public List<PipelineEntry> operations(SyncStage stage) {
        return snapshot.operationEntries(Objects.requireNonNull(stage, "stage"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>When another thread is in the middle of a step of this session (a background job running a
     * long stage), this does not wait for it: it reports the session as it stands, without invoking
     * anything. A server answers each request with this, and a request that waited for a job would
     * outlast a proxy's timeout; the client simply asks again.
     */
    @Override
    public TransferStatus proceedTo(SyncStage target) {
        Objects.requireNonNull(target, "target");
        if (!lock.tryLock()) {
            return statusWhileBusy(target);
        }
        try {
            return step(target);
        } finally {
            lock.unlock();
        }
    }

    // What proceedTo answers while another thread holds the lock: the stored state, seen from target.
    private TransferStatus statusWhileBusy(SyncStage target) {
        TransferSessionRow row = state.row();
        if (row.stage().isAfter(target)) {
            return TransferStatus.COMPLETED;
        }
        if (row.stage() == target || row.status() == TransferStatus.ERRORED) {
            return row.status();
        }
        return TransferStatus.PENDING;
    }

    @Override
    public TransferStatus proceedToAndWaitFor(SyncStage target, Duration timeout, Duration maxInterval,
            Consumer<SyncContext> afterEachStep) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(afterEachStep, "afterEachStep");
        requireNotNegative(timeout, "timeout");
        requireNotNegative(maxInterval, "maxInterval");
        if (maxInterval.isZero()) {
            throw new IllegalArgumentException("maxInterval must be positive, or waiting would spin");
        }
        long start = pacer.nanoTime();
        long timeoutNanos = saturatedNanos(timeout);
        int idleSteps = 0;
        while (true) {
            Progress before;
            Progress after;
            TransferStatus status;
            lock.lock();
            try {
                before = Progress.of(state.row());
                status = step(target);
                after = Progress.of(state.row());
            } finally {
                lock.unlock();
            }
            report(afterEachStep);
            if (status.isFinished()) {
                return status;
            }
            long waited = pacer.nanoTime() - start;
            if (waited >= timeoutNanos) {
                return timeOut(target, timeout);
            }
            if (!before.equals(after)) {
                idleSteps = 0;
                continue;
            }
            idleSteps++;
            Duration pause = Backoff.pause(idleSteps, maxInterval);
            Duration remaining = Duration.ofNanos(timeoutNanos - waited);
            try {
                pacer.sleep(pause.compareTo(remaining) > 0 ? remaining : pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return giveUp(target, "interrupted while waiting for stage '" + target.wireName()
                        + "' to complete");
            }
        }
    }

    private void report(Consumer<SyncContext> afterEachStep) {
        try {
            afterEachStep.accept(state.context());
        } catch (RuntimeException e) {
            log.warn("Ignoring a failure of the progress callback of transfer session {}: {}",
                    state.transferSessionId(), e.toString());
        }
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            if (state.row().status() == TransferStatus.ERRORED) {
                state.resume();
                postTransferDue = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * One step, called with lock held. A step that has a stage to run claims the session's step lease
     * first, so that the nodes of a hub tier never run a stage of one session together; when another
     * node holds it, the step reports the stored state, as {@link #proceedTo} does for another thread.
     */
    private TransferStatus step(SyncStage target) {
        if (!hasStageDue(target, state.row())) {
            return stepHeld(target);
        }
        Optional<StepLease> lease = StepLease.claim(state.store(), state.transferSessionId());
        if (lease.isEmpty()) {
            return statusWhileBusy(target);
        }
        try (StepLease held = lease.get()) {
            return stepHeld(target); // reads the row again: the last holder may have moved it
        }
    }

    private static boolean hasStageDue(SyncStage target, TransferSessionRow row) {
        if (row.status() == TransferStatus.STARTED || row.status() == TransferStatus.ERRORED) {
            return false;
        }
        return target.isAfter(row.stage()) || (target == row.stage() && row.status() == TransferStatus.PENDING);
    }

    // Morango's proceed_to, called with lock (and, when a stage is due, the step lease) held.
    private TransferStatus stepHeld(SyncStage target) {
        TransferSessionRow row = state.row();
        announceStart(row);
        if (row.stage().isAfter(target)) {
            return TransferStatus.COMPLETED;
        }
        if (row.status() == TransferStatus.STARTED) {
            return TransferStatus.STARTED;
        }
        if (row.status() == TransferStatus.ERRORED) {
            announceEnd(row);
            return TransferStatus.ERRORED;
        }
        for (SyncStage stage : SyncStage.values()) {
            if (stage.isAfter(target)) {
                break;
            }
            if (isDue(stage, row)) {
                row = invoke(stage);
                announceStart(row);
                if (row.status() != TransferStatus.COMPLETED) {
                    break;
                }
            }
        }
        if (row.stage() == SyncStage.CLEANUP && row.status() == TransferStatus.COMPLETED && row.active()) {
            row = state.deactivate();
        }
        announceEnd(row);
        return row.stage().isAfter(target) ? TransferStatus.COMPLETED : row.status();
    }

    private static boolean isDue(SyncStage stage, TransferSessionRow row) {
        return stage.isAfter(row.stage()) || (stage == row.stage() && row.status() == TransferStatus.PENDING);
    }

    // Morango's _invoke_middleware: the stage is PENDING while its operations run.
    private TransferSessionRow invoke(SyncStage stage) {
        state.moveTo(stage, TransferStatus.PENDING);
        StageOutcome outcome = chain.run(stage, snapshot.operations(stage), state.context());
        if (outcome.isErrored()) {
            return state.fail(outcome.error());
        }
        return state.setStatusOf(stage, outcome.status());
    }

    private void announceStart(TransferSessionRow row) {
        boolean initialized = row.stage().isAfter(SyncStage.INITIALIZING) || row.status() == TransferStatus.COMPLETED;
        if (!preTransferCalled && initialized && !row.hasEnded()) {
            preTransferCalled = true;
            hooks.preTransfer(event(row, null));
        }
    }

    private void announceEnd(TransferSessionRow row) {
        if (postTransferDue && row.hasEnded()) {
            postTransferDue = false;
            hooks.postTransfer(event(row, row.status()));
        }
    }

    private TransferEvent event(TransferSessionRow row, TransferStatus outcome) {
        return new TransferEvent(row.datasetId(), row.localSingleUser(), row.remoteSingleUser(), row.singleUserId(),
                state.context(), outcome);
    }

    private TransferStatus timeOut(SyncStage target, Duration timeout) {
        return giveUp(target, "timed out after " + seconds(timeout) + " waiting for stage '" + target.wireName()
                + "' to complete");
    }

    /** Errors the session, unless it finished meanwhile; the message gets the state it was left in. */
    private TransferStatus giveUp(SyncStage target, String reason) {
        lock.lock();
        try {
            TransferSessionRow row = state.row();
            if (row.stage().isAfter(target) || (row.stage() == target && row.status() == TransferStatus.COMPLETED)) {
                return TransferStatus.COMPLETED;
            }
            if (row.status() != TransferStatus.ERRORED) {
                String error = reason + "; the transfer session was still at stage '" + row.stage().wireName()
                        + "' with status '" + row.status().wireName() + "'";
                log.warn("Transfer session {} {}", row.transferSessionId(), error);
                row = state.fail(error);
            }
            announceEnd(row);
            return TransferStatus.ERRORED;
        } finally {
            lock.unlock();
        }
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
    }

    /** What counts as progress between two steps. */
    private record Progress(SyncStage stage, TransferStatus status, long recordsTransferred) {
        static Progress of(TransferSessionRow row) {
            return new Progress(row.stage(), row.status(), row.recordsTransferred());
        }
    }

    @Override
    public String toString() {
        return "controller of " + state;
    }
}
