package org.facilitysync.core.internal.pipeline;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.slf4j.Logger;

/**
 * Reads the whiteboard's service properties leniently: a bad value is logged with everything an
 * operator needs to fix it (value, key, service, bundle, configuration file) and replaced by a safe
 * one, so that one misconfigured plugin never stops the pipeline.
 */
final class ServicePropertyParser {

    private final Logger log;

    ServicePropertyParser(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The effective {@link SyncOperation#PRIORITY} of an operation.
     *
     * <p>Integers and other numbers count, and so does a String holding an integer, because an untyped
     * FileInstall {@code .cfg} file turns every value into a String. Anything else is logged and
     * replaced by {@code previous} (the priority in force before a property update) or, on a first
     * registration, {@link SyncOperation#DEFAULT_PRIORITY}.
     *
     * @param value the property's value; null means the default, silently
     * @param previous the priority in force before this update, or null for a new registration
     */
    int priority(Object value, ServiceDescription service, Integer previous) {
        if (value == null) {
            return SyncOperation.DEFAULT_PRIORITY;
        }
        Integer parsed = parseInteger(value);
        if (parsed != null) {
            return parsed;
        }
        int fallback = previous != null ? previous : SyncOperation.DEFAULT_PRIORITY;
        log.warn("Ignoring {}={} of {}: it is not an integer; using {} {} instead. Write an integer,"
                + " for example {}=10 (or, in a typed configuration file, {}=I\"10\").",
                SyncOperation.PRIORITY, show(value), service,
                previous != null ? "its previous priority" : "the default priority", fallback,
                SyncOperation.PRIORITY, SyncOperation.PRIORITY);
        return fallback;
    }

    /**
     * The stages named by an operation's {@link SyncOperation#STAGE} property: a String, String[] or
     * Collection of wire names, each of which may itself be comma-separated. Unknown names are logged
     * and ignored; an operation without a valid stage takes part in no stage.
     */
    Set<SyncStage> stages(Object value, ServiceDescription service) {
        List<String> names = new ArrayList<>();
        collectNames(value, names);
        if (names.isEmpty()) {
            log.warn("{} has no {} property, so it takes part in no stage; set it to one or more of: {}",
                    service, SyncOperation.STAGE, SyncStage.wireNames());
            return Set.of();
        }
        Set<SyncStage> stages = EnumSet.noneOf(SyncStage.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            SyncStage.find(name).ifPresentOrElse(stages::add, () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            log.warn("Ignoring unknown stage {} in {}={} of {}; valid stages are: {}",
                    unknown.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ")),
                    SyncOperation.STAGE, show(value), service, SyncStage.wireNames());
        }
        return Set.copyOf(stages);
    }

    /** A hook's {@code service.ranking}: only an Integer counts, as the OSGi specification says. */
    static int ranking(Object value) {
        return value instanceof Integer ranking ? ranking : 0;
    }

    private static Integer parseInteger(Object value) {
        if (value instanceof Long || value instanceof BigInteger) {
            // Saturate rather than wrap: a huge Long priority must stay huge, not turn negative.
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ((Number) value).longValue()));
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException notAnInteger) {
                return null;
            }
        }
        return null;
    }

    private static void collectNames(Object value, List<String> names) {
        if (value == null) {
            return;
        }
        if (value instanceof Object[] array) {
            for (Object element : array) {
                collectNames(element, names);
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                collectNames(element, names);
            }
        } else {
            for (String name : String.valueOf(value).split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
    }

    /** A property value as an operator would recognise it, with its type when that is not obvious. */
    private static String show(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array) + " (" + value.getClass().getSimpleName() + ")";
        }
        return value + " (" + value.getClass().getSimpleName() + ")";
    }
}
