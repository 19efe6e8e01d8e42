package org.facilitysync.extras;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.facilitysync.api.SyncStage;

/**
 * The validated configuration of the extras bundle (PID {@value #PID}).
 *
 * <p>Values arrive untyped from a {@code .cfg} file (FileInstall gives strings), or typed from
 * ConfigAdmin; {@link SyncExtrasComponent.Config} declares them as Strings so that both reach here as
 * written, to be trimmed and checked strictly: a boolean is {@code true} or {@code false} (so {@code yes}
 * is refused, where SCR would read it as false), a stage list names known stages in the range its mode
 * allows. The first bad value makes {@link #from} throw, naming key and value, so the caller can keep the
 * settings it had.
 *
 * @param initialization whether {@link BackgroundMode#INITIALIZATION} is on
 * @param initializationStages the stages it defers, in stage order
 * @param finalization whether {@link BackgroundMode#FINALIZATION} is on
 * @param finalizationStages the stages it defers, in stage order
 * @param workers how many jobs run at once
 * @param jobTimeout how long a job may run before it is stopped and its stage errored
 */
record ExtrasSettings(boolean initialization, Set<SyncStage> initializationStages, boolean finalization,
        Set<SyncStage> finalizationStages, int workers, Duration jobTimeout) {

    /** The configuration PID. */
    static final String PID = "org.facilitysync.extras";

    static final String WORKERS = "background.workers";
    static final String JOB_TIMEOUT = "background.job.timeout.seconds";
    static final int DEFAULT_WORKERS = 2;
    static final int MAX_WORKERS = 64;
    static final long DEFAULT_JOB_TIMEOUT_SECONDS = 30 * 60;

    /** Both modes off, the documented defaults elsewhere: what a node has with no configuration. */
    static final ExtrasSettings OFF = new ExtrasSettings(false, parseStages(BackgroundMode.INITIALIZATION,
            BackgroundMode.INITIALIZATION.defaultStages()), false,
            parseStages(BackgroundMode.FINALIZATION, BackgroundMode.FINALIZATION.defaultStages()), DEFAULT_WORKERS,
            Duration.ofSeconds(DEFAULT_JOB_TIMEOUT_SECONDS));

    ExtrasSettings {
        initializationStages = Set.copyOf(initializationStages);
        finalizationStages = Set.copyOf(finalizationStages);
        Objects.requireNonNull(jobTimeout, "jobTimeout");
    }

    /**
     * Validates a configuration; a key that is absent has its default.
     *
     * @throws InvalidSettingException naming the first key whose value cannot be used
     */
    static ExtrasSettings from(SyncExtrasComponent.Config config) {
        Objects.requireNonNull(config, "config");
        BackgroundMode init = BackgroundMode.INITIALIZATION;
        BackgroundMode fin = BackgroundMode.FINALIZATION;
        boolean initialization = bool(init.switchKey(), config.background_initialization());
        Set<SyncStage> initializationStages = stages(init, config.background_initialization_stages());
        boolean finalization = bool(fin.switchKey(), config.background_finalization());
        Set<SyncStage> finalizationStages = stages(fin, config.background_finalization_stages());
        int workers = (int) number(WORKERS, config.background_workers(), 1, MAX_WORKERS);
        long timeout = number(JOB_TIMEOUT, config.background_job_timeout_seconds(), 1, Integer.MAX_VALUE);
        return new ExtrasSettings(initialization, initializationStages, finalization, finalizationStages, workers,
                Duration.ofSeconds(timeout));
    }

    /**
     * The {@code keys} under {@code background.} that {@link SyncExtrasComponent.Config} does not
     * know: most likely typos (they are ignored, so the operator must be told).
     */
    static SortedSet<String> unknownKeys(Collection<String> keys) {
        // The attribute names with DS's rule for these ones (each '_' is a '.'): the Config is the one list of keys.
        Set<String> known = Arrays.stream(SyncExtrasComponent.Config.class.getDeclaredMethods())
                .map(attribute -> attribute.getName().replace('_', '.')).collect(Collectors.toSet());
        SortedSet<String> unknown = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith("background.") && !known.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** Whether {@code mode} is on. */
    boolean enabled(BackgroundMode mode) {
        return mode == BackgroundMode.INITIALIZATION ? initialization : finalization;
    }

    /** The stages {@code mode} defers (whether or not it is on). */
    Set<SyncStage> stages(BackgroundMode mode) {
        return mode == BackgroundMode.INITIALIZATION ? initializationStages : finalizationStages;
    }

    /** Whether {@code mode} is on and defers {@code stage}. */
    boolean defers(BackgroundMode mode, SyncStage stage) {
        return enabled(mode) && stages(mode).contains(stage);
    }

    /** The wire names of the stages {@code mode} defers, in stage order (the {@code sync.stage} property). */
    String[] stageNames(BackgroundMode mode) {
        return EnumSet.copyOf(nonEmpty(stages(mode))).stream().map(SyncStage::wireName).toArray(String[]::new);
    }

    private static Set<SyncStage> nonEmpty(Set<SyncStage> stages) {
        return stages.isEmpty() ? EnumSet.noneOf(SyncStage.class) : stages;
    }

    @Override
    public String toString() {
        return describe(BackgroundMode.INITIALIZATION) + ", " + describe(BackgroundMode.FINALIZATION) + ", "
                + workers + " workers, job timeout " + jobTimeout.toSeconds() + " s";
    }

    private String describe(BackgroundMode mode) {
        return mode.word() + " " + (enabled(mode) ? "on " + String.join(",", stageNames(mode)) : "off");
    }

    private static boolean bool(String key, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new InvalidSettingException(key, value, "expected true or false");
    }

    private static long number(String key, String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            throw new InvalidSettingException(key, value, "expected a whole number from " + min + " to " + max);
        }
        if (number < min || number > max) {
            throw new InvalidSettingException(key, value, "expected a whole number from " + min + " to " + max);
        }
        return number;
    }

    /** The stages of {@code values}: comma-separated lists, one or several (ConfigAdmin may give an array). */
    private static Set<SyncStage> stages(BackgroundMode mode, String[] values) {
        String list = String.join(",", values);
        try {
            return parseStages(mode, list);
        } catch (IllegalArgumentException reason) {
            throw new InvalidSettingException(mode.stagesKey(), list, reason.getMessage());
        }
    }

    /** Parses a comma-separated stage list for {@code mode}; the message says what is wrong with it. */
    static Set<SyncStage> parseStages(BackgroundMode mode, String list) {
        EnumSet<SyncStage> stages = EnumSet.noneOf(SyncStage.class);
        for (String part : list.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an empty stage name; expected comma-separated stages "
                        + mode.allowedRange());
            }
            SyncStage stage = SyncStage.find(name).orElseThrow(() -> new IllegalArgumentException("unknown stage '"
                    + name + "'; expected stages " + mode.allowedRange()));
            if (!mode.allows(stage)) {
                throw new IllegalArgumentException("stage '" + name + "' cannot run as background " + mode.word()
                        + "; expected stages " + mode.allowedRange());
            }
            stages.add(stage);
        }
        return stages;
    }
}
