package org.facilitysync.extras;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extras of one node without OSGi: the settings in force, the job pool and one operation per mode.
 * The DS component registers the operations while their mode is on; tests and benchmarks register them
 * with an engine assembled in plain Java ({@link #registerAll}). Public for those only: the package is
 * private to the bundle.
 */
public final class BackgroundExtras implements AutoCloseable {

    /** Where {@link #registerAll} puts the operations: a pipeline without OSGi. */
    @FunctionalInterface
    public interface Registrar {
        void register(SyncOperation operation, int priority, Set<SyncStage> stages);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundExtras.class);

    private volatile ExtrasSettings settings;
    private final BackgroundJobs jobs;
    private final Map<BackgroundMode, BackgroundStageOperation> operations = new EnumMap<>(BackgroundMode.class);

    /**
     * Starts with {@code initial}, or with everything off when it is invalid (logged).
     *
     * @param keys the keys the configuration was given with, to report those it does not know
     */
    public BackgroundExtras(SyncPipeline pipeline, SyncExtrasComponent.Config initial, Collection<String> keys) {
        Objects.requireNonNull(pipeline, "pipeline");
        this.settings = ExtrasSettings.OFF;
        apply(initial, keys);
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
    boolean apply(SyncExtrasComponent.Config config, Collection<String> keys) {
        ExtrasSettings next;
        try {
            next = ExtrasSettings.from(config);
        } catch (InvalidSettingException invalid) {
            LOG.error("{}; the previous configuration stays in force ({})", invalid.getMessage(), settings);
            return false;
        }
        for (String key : ExtrasSettings.unknownKeys(keys)) {
            LOG.warn("Ignoring unknown key '{}' in configuration {} (a typo?); the keys are {}", key, ExtrasSettings.PID,
                    "background.initialization[.stages], background.finalization[.stages], background.workers,"
                            + " background.job.timeout.seconds");
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

    /**
     * Hands both operations to {@code registrar}, each for every stage its mode may take: the settings
     * in force decide, at each call, which of them it takes.
     */
    public void registerAll(Registrar registrar) {
        for (BackgroundMode mode : BackgroundMode.values()) {
            Set<SyncStage> stages = EnumSet.noneOf(SyncStage.class);
            for (SyncStage stage : SyncStage.values()) {
                if (mode.allows(stage)) {
                    stages.add(stage);
                }
            }
            registrar.register(operations.get(mode), BackgroundStageOperation.PRIORITY, stages);
        }
    }

    /** Waits until no job is queued or running; for tests and benchmarks. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        return jobs.awaitIdle(limit);
    }

    /** How many jobs are queued or running in this process. */
    int liveJobs() {
        return jobs.liveJobs();
    }

    /** Stops the pool, as stopping the bundle does. */
    @Override
    public void close() {
        jobs.close();
    }
}
