package org.facilitysync.extras;

import java.util.Optional;
import java.util.function.Supplier;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defers a stage of this node's server side to a background job and answers for it while the job runs.
 *
 * <p>It takes a stage only when its mode is on for that stage and this node has the mode's role in the
 * persisted session (server and producer for initialization, server and receiver for finalization),
 * with a client that polls; everything else (a client-side stage above all) is {@link StageResult#SKIPPED}.
 * For a stage it takes:
 * <ul>
 * <li>no job yet: the job is queued, PENDING at once;</li>
 * <li>a job queued or running in this process, or in another node process of a hub tier whose lease on
 * it has not run out: PENDING; one recorded as such but unknown here and not held elsewhere (the node
 * restarted, or the node that held it died) is run again, PENDING;</li>
 * <li>a completed job: COMPLETED;</li>
 * <li>a failed job whose error has not reached the session yet: the error is thrown, so the stage is
 * ERRORED with it; one already reported means the session was resumed: the job runs again.</li>
 * </ul>
 * On the job's own thread, and once the pool is closed (bundle stopping, configuration gone), it
 * skips, so the operations below it (the engine's) do the stage: in the job, or inline.
 */
final class BackgroundStageOperation implements SyncOperation {

    /** Above every ordinary plugin, so plugin work in a deferred stage runs inside the job too. */
    static final int PRIORITY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundStageOperation.class);

    private final BackgroundMode mode;
    private final Supplier<ExtrasSettings> settings;
    private final BackgroundJobs jobs;

    BackgroundStageOperation(BackgroundMode mode, Supplier<ExtrasSettings> settings, BackgroundJobs jobs) {
        this.mode = mode;
        this.settings = settings;
        this.jobs = jobs;
    }

    BackgroundMode mode() {
        return mode;
    }

    @Override
    public StageResult handle(SyncContext context) {
        SyncStage stage = context.stage();
        if (!settings.get().defers(mode, stage) || !mode.defers(context)) {
            return StageResult.SKIPPED;
        }
        String key = JobRecord.key(context.transferSessionId(), stage);
        if (BackgroundJobs.isJobThreadFor(key) || jobs.isClosed()) {
            return StageResult.SKIPPED;
        }
        Optional<JobRecord> stored = JobRecord.read(context.attributes(), key);
        if (stored.isEmpty()) {
            return submit(context);
        }
        JobRecord record = stored.get();
        switch (record.state()) {
            case COMPLETED:
                return StageResult.COMPLETED;
            case FAILED:
                if (!record.reported()) {
                    record.markReported().write(context.attributes(), key);
                    throw new IllegalStateException(record.error());
                }
                LOG.info("Transfer session {} was resumed at stage '{}' after its background job failed; running the"
                        + " job again", context.transferSessionId(), stage.wireName());
                return submit(context);
            default:
                if (jobs.isLive(key) || record.heldElsewhere(BackgroundJobs.NODE, java.time.Instant.now())) {
                    return StageResult.PENDING; // here, or on another node of a hub tier whose lease runs
                }
                LOG.info("Background {} job of stage '{}' of transfer session {} was {} when this node stopped;"
                        + " running it again", mode.word(), stage.wireName(), context.transferSessionId(),
                        record.state().name().toLowerCase(java.util.Locale.ROOT));
                return submit(context);
        }
    }

    private StageResult submit(SyncContext context) {
        // A closed pool takes no job: the stage is done inline by the operations below.
        return jobs.submit(context, mode) ? StageResult.PENDING : StageResult.SKIPPED;
    }

    @Override
    public String toString() {
        return "background " + mode.word() + " (" + ExtrasSettings.PID + ")";
    }
}
