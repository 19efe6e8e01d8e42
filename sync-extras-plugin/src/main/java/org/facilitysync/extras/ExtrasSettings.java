package org.facilitysync.extras;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.facilitysync.api.SyncStage;

/**
 * The validated configuration of the extras bundle (PID {@value #PID}).
 *
 * <p>Values arrive untyped from a {@code .cfg} file (FileInstall gives strings), or typed from
 * ConfigAdmin; both are accepted, trimmed, and checked strictly: a boolean is {@code true} or
 * {@code false} (so {@code yes} is refused, not read as false), a stage list names known stages in the
 * range its mode allows. The first bad value makes {@link #from(Map)} throw, naming key and value, so
 * the caller can keep the settings it had.
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
     * Reads and validates a configuration; a key that is absent takes its default.
     *
     * @throws InvalidSettingException naming the first key whose value cannot be used
     */
    static ExtrasSettings from(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        BackgroundMode init = BackgroundMode.INITIALIZATION;
        BackgroundMode fin = BackgroundMode.FINALIZATION;
        boolean initialization = bool(properties, init.switchKey());
        Set<SyncStage> initializationStages = stages(properties, init);
        boolean finalization = bool(properties, fin.switchKey());
        Set<SyncStage> finalizationStages = stages(properties, fin);
        int workers = (int) number(properties, WORKERS, DEFAULT_WORKERS, 1, MAX_WORKERS);
        long timeout = number(properties, JOB_TIMEOUT, DEFAULT_JOB_TIMEOUT_SECONDS, 1, Integer.MAX_VALUE);
        return new ExtrasSettings(initialization, initializationStages, finalization, finalizationStages, workers,
                Duration.ofSeconds(timeout));
    }

    /**
     * The keys of {@code properties} under {@code background.} that this configuration does not know:
     * most likely typos (they are ignored, so the operator must be told).
     */
    static java.util.SortedSet<String> unknownKeys(Map<String, ?> properties) {
        Set<String> known = Set.of(BackgroundMode.INITIALIZATION.switchKey(), BackgroundMode.INITIALIZATION.stagesKey(),
                BackgroundMode.FINALIZATION.switchKey(), BackgroundMode.FINALIZATION.stagesKey(), WORKERS, JOB_TIMEOUT);
        java.util.SortedSet<String> unknown = new java.util.TreeSet<>();
        for (String key : properties.keySet()) {
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

    private static boolean bool(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = single(key, value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new InvalidSettingException(key, value, "expected true or false");
    }

    private static long number(Map<String, ?> properties, String key, long defaultValue, long min, long max) {
        Object value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = ((Number) value).longValue();
        } else {
            try {
                number = Long.parseLong(single(key, value).trim());
            } catch (NumberFormatException notANumber) {
                throw new InvalidSettingException(key, value, "expected a whole number from " + min + " to " + max);
            }
        }
        if (number < min || number > max) {
            throw new InvalidSettingException(key, value, "expected a whole number from " + min + " to " + max);
        }
        return number;
    }

    private static Set<SyncStage> stages(Map<String, ?> properties, BackgroundMode mode) {
        Object value = properties.get(mode.stagesKey());
        if (value == null) {
            return parseStages(mode, mode.defaultStages());
        }
        List<String> names = new ArrayList<>();
        if (value instanceof String text) {
            names.add(text);
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> names.add(String.valueOf(item)));
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                names.add(String.valueOf(Array.get(value, i)));
            }
        } else {
            throw new InvalidSettingException(mode.stagesKey(), value, "expected comma-separated stage names");
        }
        try {
            return parseStages(mode, String.join(",", names));
        } catch (IllegalArgumentException reason) {
            throw new InvalidSettingException(mode.stagesKey(), value, reason.getMessage());
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

    private static String single(String key, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Character) {
            return value.toString();
        }
        throw new InvalidSettingException(key, value, "expected a single value");
    }
}
