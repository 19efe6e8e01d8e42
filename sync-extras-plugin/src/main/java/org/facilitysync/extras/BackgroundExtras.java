package org.facilitysync.extras;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.facilitysync.api.SyncPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extras of one node without OSGi: the settings in force, the job pool and one operation per mode.
 * The DS component registers the operations while their mode is on; tests and benchmarks register them
 * with an engine assembled in plain Java.
 */
final class BackgroundExtras implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundExtras.class);

    private volatile ExtrasSettings settings;
    private final BackgroundJobs jobs;
    private final Map<BackgroundMode, BackgroundStageOperation> operations = new EnumMap<>(BackgroundMode.class);

    /** Starts with {@code initial}, or with everything off when it is invalid (logged). */
    BackgroundExtras(SyncPipeline pipeline, Map<String, ?> initial) {
        Objects.requireNonNull(pipeline, "pipeline");
        this.settings = ExtrasSettings.OFF;
        apply(initial);
        this.jobs = new BackgroundJobs(pipeline, settings.workers(), settings.jobTimeout());
        for (BackgroundMode mode : BackgroundMode.values()) {
            operations.put(mode, new BackgroundStageOperation(mode, this::settings, jobs));
        }
    }

    /**
     * Takes a new configuration; an invalid one is logged in one line naming key and value, and the
     * settings in force stay.
     *
     * @return whether the configuration was valid and is now in force
     */
    boolean apply(Map<String, ?> properties) {
        ExtrasSettings next;
        try {
            next = ExtrasSettings.from(properties);
        } catch (InvalidSettingException invalid) {
            LOG.error("{}; the previous configuration stays in force ({})", invalid.getMessage(), settings);
            return false;
        }
        settings = next;
        if (jobs != null) {
            jobs.reconfigure(next.workers(), next.jobTimeout());
        }
        LOG.info("Sync extras: {}", next);
        return true;
    }

    ExtrasSettings settings() {
        return settings;
    }

    BackgroundStageOperation operation(BackgroundMode mode) {
        return operations.get(mode);
    }

    /** Waits until no job is queued or running; for tests and benchmarks. */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        return jobs.awaitIdle(limit);
    }

    /** How many jobs are queued or running in this process. */
    int liveJobs() {
        return jobs.liveJobs();
    }

    @Override
    public void close() {
        jobs.close();
    }
}
