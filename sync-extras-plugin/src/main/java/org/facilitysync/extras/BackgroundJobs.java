package org.facilitysync.extras;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.api.SessionAttributes;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.TransferStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of workers that run deferred stages, one job per (transfer session, stage).
 *
 * <p>A job runs the stage through the session's own controller, so the stage's chain of operations,
 * snapshot, hooks and stored status are exactly those of an inline run: on the job's thread the
 * background operation recognises its own job ({@link #isJobThreadFor}) and skips, so the chain falls
 * through to the operations below it (the engine's). The job's state is written to the session's
 * attributes ({@link JobRecord}); what lives here is only which jobs this process is running, so a job
 * recorded as running that this process does not know was left by a restart, and is run again.
 *
 * <p>A watchdog stops a job past its timeout (interrupt) and makes its stage ERRORED with a message that
 * says so; a job that fails leaves its error on the session. Either way the client's next poll ends.
 */
final class BackgroundJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

    /** The key of the job the current thread runs; static, so operations of any activation see it. */
    private static final ThreadLocal<String> CURRENT_JOB = new ThreadLocal<>();

    /** This node process, as the owner named in the job records it writes (see {@link JobRecord}). */
    static final String NODE = java.util.UUID.randomUUID().toString();

    /**
     * How long a job's record keeps other nodes of a hub tier away without renewal: how long a job whose
     * node died waits before another node takes it over. Renewed every third of it.
     */
    static final Duration LEASE = Duration.ofSeconds(Long.getLong("facilitysync.job.lease.seconds", 30));

    /** How long {@link #close()} lets running jobs go on before it returns (they finish on their own). */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final SyncPipeline pipeline;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Map<String, Job> live = new ConcurrentHashMap<>();
    private volatile Duration timeout;
    private volatile boolean closed;

    BackgroundJobs(SyncPipeline pipeline, int workerCount, Duration timeout) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("facilitysync-extras-job-"));
        this.workers.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, threads("facilitysync-extras-watchdog-"));
        alarms.setRemoveOnCancelPolicy(true);
        this.watchdog = alarms;
        long renewal = Math.max(1, LEASE.toMillis() / 3);
        alarms.scheduleWithFixedDelay(this::renewLeases, renewal, renewal, TimeUnit.MILLISECONDS);
    }

    /** Extends the lease in the record of every job this process has queued or runs. */
    private void renewLeases() {
        for (Job job : live.values()) {
            job.renewLease();
        }
    }

    /** Whether the current thread is the job that runs {@code jobKey}. */
    static boolean isJobThreadFor(String jobKey) {
        return jobKey.equals(CURRENT_JOB.get());
    }

    /** Resizes the pool and sets the timeout of jobs that start from now on. */
    void reconfigure(int workerCount, Duration jobTimeout) {
        timeout = Objects.requireNonNull(jobTimeout, "jobTimeout");
        if (workerCount >= workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(workerCount);
            workers.setCorePoolSize(workerCount);
        } else {
            workers.setCorePoolSize(workerCount);
            workers.setMaximumPoolSize(workerCount);
        }
    }

    /** Whether this process is running (or about to run) the job {@code jobKey}. */
    boolean isLive(String jobKey) {
        return live.containsKey(jobKey);
    }

    /** How many jobs this process runs or has queued. */
    int liveJobs() {
        return live.size();
    }

    /** Whether the pool was closed: its operations then leave stages to be done inline. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Records the job of {@code context}'s current stage as queued and hands it to a worker, unless this
     * process runs it already.
     *
     * @return false when the pool is closed, so the stage must be done inline
     */
    boolean submit(SyncContext context, BackgroundMode mode) {
        if (closed) {
            return false;
        }
        String key = JobRecord.key(context.transferSessionId(), context.stage());
        Job job = new Job(key, mode, context.transferSessionId(), context.stage(), context.attributes());
        if (live.putIfAbsent(key, job) != null) {
            return true;
        }
        try {
            job.write(JobRecord.queued(Instant.now(), NODE, Instant.now().plus(LEASE)));
            workers.execute(job::run);
        } catch (RejectedExecutionException shutDown) {
            live.remove(key, job);
            return false;
        } catch (RuntimeException notRecorded) {
            // Not queued after all: forget it, so the next request tries again.
            live.remove(key, job);
            throw notRecorded;
        }
        LOG.info("Background {} of stage '{}' of transfer session {} queued", mode.word(),
                context.stage().wireName(), context.transferSessionId());
        return true;
    }

    /** Waits until no job runs or is queued, up to {@code limit}; for tests and benchmarks. */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!live.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Stops taking jobs. Queued jobs are dropped (their stages are done inline on the next request);
     * running ones are given a short grace and then left to finish on their own threads, so a stage in
     * the middle of its work is not broken off.
     */
    @Override
    public void close() {
        closed = true;
        workers.getQueue().clear();
        live.values().removeIf(job -> !job.started);
        workers.shutdown();
        watchdog.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} background job(s) still running after the extras were switched off; they finish on"
                        + " their own", live.size());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One deferred stage of one transfer session. */
    private final class Job {
        private final String key;
        private final BackgroundMode mode;
        private final String transferSessionId;
        private final SyncStage stage;
        private final SessionAttributes attributes;
        // Guarded by this: the thread running the job, so the watchdog interrupts nothing else.
        private Thread thread;
        private boolean timedOut;
        private volatile boolean started;

        Job(String key, BackgroundMode mode, String transferSessionId, SyncStage stage, SessionAttributes attributes) {
            this.key = key;
            this.mode = mode;
            this.transferSessionId = transferSessionId;
            this.stage = stage;
            this.attributes = attributes;
        }

        void run() {
            started = true;
            Duration limit = timeout;
            synchronized (this) {
                thread = Thread.currentThread();
            }
            CURRENT_JOB.set(key);
            JobRecord record = JobRecord.running(Instant.now(), NODE, Instant.now().plus(LEASE));
            ScheduledFuture<?> alarm = null;
            TransferController controller = null;
            try {
                Optional<String> gone = goneElsewhere();
                if (gone.isPresent()) {
                    ended();
                    LOG.info("Background {} of stage '{}' of transfer session {} not run here: {}", mode.word(),
                            stage.wireName(), transferSessionId, gone.get());
                    return;
                }
                write(record);
                alarm = watchdog.schedule(this::timeOut, limit.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Background {} of stage '{}' of transfer session {} started", mode.word(), stage.wireName(),
                        transferSessionId);
                controller = pipeline.controller(transferSessionId).orElseThrow(() ->
                        new IllegalStateException("transfer session " + transferSessionId + " is no longer active"));
                TransferStatus status = controller.proceedToAndWaitFor(stage, limit, Duration.ofSeconds(1));
                boolean stopped = stop();
                if (status == TransferStatus.COMPLETED) {
                    finish(record.completed());
                    LOG.info("Background {} of stage '{}' of transfer session {} completed", mode.word(),
                            stage.wireName(), transferSessionId);
                } else if (stopped) {
                    recordTimeout(record, limit, controller);
                } else {
                    String why = controller.context().error().orElse("stage '" + stage.wireName() + "' " + status);
                    finish(record.failed(why, true));
                    LOG.error("Background {} of stage '{}' of transfer session {} failed: {}", mode.word(),
                            stage.wireName(), transferSessionId, why);
                }
            } catch (RuntimeException | LinkageError failure) {
                // The interrupt of a timeout may surface here (a database write refused while interrupted).
                if (stop()) {
                    recordTimeout(record, limit, controller);
                } else {
                    String why = "background " + mode.word() + " job for stage '" + stage.wireName()
                            + "' of transfer session " + transferSessionId + " failed: " + failure;
                    LOG.error(why, failure);
                    writeQuietly(record.failed(why, false));
                }
            } finally {
                if (alarm != null) {
                    alarm.cancel(false);
                }
                CURRENT_JOB.remove();
                live.remove(key, this);
            }
        }

        /**
         * Records the timeout so that our operation reports it on the next request, and makes the stage
         * pending again for that: whatever the interrupt caused (an InterruptedException in an operation,
         * a refused write) is not what the operator needs to read.
         */
        private void recordTimeout(JobRecord record, Duration limit, TransferController controller) {
            String why = "background " + mode.word() + " job for stage '" + stage.wireName() + "' of transfer session "
                    + transferSessionId + " timed out after " + limit.toSeconds() + " s and was stopped";
            LOG.error(why);
            writeQuietly(record.failed(why, false));
            if (controller != null) {
                try {
                    controller.resume();
                } catch (RuntimeException notResumed) {
                    LOG.error("Could not make stage '{}' of transfer session {} pending again after its job timed out",
                            stage.wireName(), transferSessionId, notResumed);
                }
            }
        }

        /**
         * Why this queued job should not run after all, if so: while it waited for a worker its session
         * ended, or (in a hub tier, when this node was too slow to renew its lease) another node took it over
         * or finished it. Its stage would run under the step lease anyway; this saves the worker.
         */
        private Optional<String> goneElsewhere() {
            if (pipeline.controller(transferSessionId).isEmpty()) {
                return Optional.of("the transfer session has ended");
            }
            Optional<JobRecord> stored = JobRecord.read(attributes, key);
            if (stored.isPresent() && !stored.get().owner().equals(NODE) && !stored.get().owner().isEmpty()) {
                return Optional.of("the node " + stored.get().owner() + " took it over ("
                        + stored.get().state().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            return Optional.empty();
        }

        private synchronized void ended() {
            ended = true;
        }

        // Guarded by this: the record last written, and whether the job has ended (no more renewals).
        private JobRecord written;
        private boolean ended;

        synchronized void write(JobRecord record) {
            record.write(attributes, key);
            written = record;
        }

        /** Writes the job's last record; renewals stop. */
        synchronized void finish(JobRecord record) {
            ended = true;
            write(record);
        }

        synchronized void renewLease() {
            if (ended || written == null || !written.inProgress()) {
                return;
            }
            Optional<JobRecord> stored = JobRecord.read(attributes, key);
            if (stored.isPresent() && !stored.get().owner().equals(NODE)) {
                return; // another node took the job over: its record is not ours to extend
            }
            try {
                write(written.renewedUntil(Instant.now().plus(LEASE)));
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of background job {}: {}", key, e.toString());
            }
        }

        private void writeQuietly(JobRecord record) {
            try {
                finish(record);
            } catch (RuntimeException notWritten) {
                LOG.error("Could not record the state of background job {}: {}", key, record.encode(), notWritten);
            }
        }

        /**
         * Detaches the job from its thread, so a late alarm interrupts nothing, and clears an interrupt
         * it caused (the thread goes back to the pool).
         *
         * @return whether the watchdog stopped the job
         */
        private synchronized boolean stop() {
            thread = null;
            Thread.interrupted();
            return timedOut;
        }

        private synchronized void timeOut() {
            if (thread != null) {
                timedOut = true;
                LOG.warn("Background {} of stage '{}' of transfer session {} ran past its timeout; stopping it",
                        mode.word(), stage.wireName(), transferSessionId);
                thread.interrupt();
            }
        }
    }
}
