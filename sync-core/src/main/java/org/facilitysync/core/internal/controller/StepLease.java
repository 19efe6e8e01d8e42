package org.facilitysync.core.internal.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.facilitysync.core.internal.session.TransferSessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to step one transfer session, held in the database ({@link TransferSessionStore#claimStep}),
 * so that the nodes of a hub tier sharing it never run a stage of the same session together; within a
 * process the controller's lock already serializes steps.
 *
 * <p>Each step claims with a token of its own and gives the lease up when it ends. While a stage runs,
 * the lease is renewed every third of its {@linkplain #DURATION duration}; a node that dies stops
 * renewing, so its lease runs out and the next request, on any node, takes the session over. Expiry is
 * compared on the nodes' clocks, which must agree to well within the duration (NTP does).
 */
final class StepLease implements AutoCloseable {

    /** How long a claim lasts without renewal: how long a session waits for a node that died. */
    static final Duration DURATION = Duration.ofSeconds(Long.getLong("facilitysync.step.lease.seconds", 15));

    private static final Logger LOG = LoggerFactory.getLogger(StepLease.class);

    /** One renewal thread for every lease of the process; it ends when no lease has been held for a while. */
    private static final ScheduledThreadPoolExecutor RENEWALS = renewals();

    private final TransferSessionStore store;
    private final String transferSessionId;
    private final String owner;
    private final ScheduledFuture<?> renewal;

    private StepLease(TransferSessionStore store, String transferSessionId, String owner) {
        this.store = store;
        this.transferSessionId = transferSessionId;
        this.owner = owner;
        long period = Math.max(1, DURATION.toMillis() / 3);
        this.renewal = RENEWALS.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** The lease of the session, if nobody else holds it now. */
    static Optional<StepLease> claim(TransferSessionStore store, String transferSessionId) {
        Objects.requireNonNull(store, "store");
        String owner = LeaseHolder.newToken();
        if (!store.claimStep(transferSessionId, owner, until())) {
            // A holder that was a process of this machine's current boot and is gone (killed, crashed) is not
            // waited for: its session resumes at once. Any other holder's lease must run out first.
            Optional<String> holder = store.stepHolder(transferSessionId);
            if (holder.isEmpty() || !LeaseHolder.isGone(holder.get())
                    || !store.takeOverStep(transferSessionId, holder.get(), owner, until())) {
                return Optional.empty();
            }
            LOG.info("Transfer session {}: took over the step lease of {}, a process of this machine that is gone",
                    transferSessionId, holder.get());
        }
        return Optional.of(new StepLease(store, transferSessionId, owner));
    }

    private void renew() {
        try {
            if (!store.renewStep(transferSessionId, owner, until())) {
                LOG.error("The step lease of transfer session {} ran out while this node was running a stage (a pause"
                        + " longer than {} s); another node may have taken the session over", transferSessionId,
                        DURATION.toSeconds());
                renewal.cancel(false);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the step lease of transfer session {}: {}", transferSessionId, e.toString());
        }
    }

    /** Gives the lease up. */
    @Override
    public void close() {
        renewal.cancel(false);
        // A step stopped by an interrupt (a job past its timeout) must still give the lease up: the database
        // refuses work on an interrupted thread, so the flag is set aside for the release and put back.
        boolean interrupted = Thread.interrupted();
        try {
            store.releaseStep(transferSessionId, owner);
        } catch (RuntimeException e) {
            // It runs out by itself.
            LOG.warn("Could not give up the step lease of transfer session {}: {}", transferSessionId, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long until() {
        return System.currentTimeMillis() + DURATION.toMillis();
    }

    private static ScheduledThreadPoolExecutor renewals() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "facilitysync-step-lease");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setKeepAliveTime(30, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
