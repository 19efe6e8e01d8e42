package org.facilitysync.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.felix.framework.util.Util;

/**
 * Reads {@code conf/config.properties}, the framework properties of the container, with
 * {@code ${name}} substitution by Felix's own {@link Util#substVars} (what {@code org.apache.felix.main}
 * uses for its {@code config.properties}), made strict: an unknown name or an unclosed {@code ${} is an
 * error naming the file and key, where Felix would quietly substitute nothing.
 *
 * <p>A variable is looked up in the launcher's own variables ({@code facilitysync.home},
 * {@code facilitysync.dist}), then among the file's other keys, then in the JVM system properties.
 * A JVM system property with the same key as a file entry replaces it, so operators can adjust one
 * setting with {@code JAVA_OPTS=-Dkey=value} without editing the distribution.
 */
final class ConfigProperties {

    private ConfigProperties() {
    }

    static Map<String, String> load(Path file, Map<String, String> variables, Properties system)
            throws LauncherException {
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        } catch (NoSuchFileException e) {
            throw LauncherException.failure("the container configuration " + file + " is missing");
        } catch (IOException | IllegalArgumentException e) {
            throw LauncherException.failure("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            String override = system.getProperty(key);
            entries.put(key, override != null ? override : raw.getProperty(key));
        }
        return resolve(entries, variables, system::getProperty, file.toString());
    }

    /** Substitutes every value of {@code entries}; {@code where} names the source in error messages. */
    static Map<String, String> resolve(Map<String, String> entries, Map<String, String> variables,
            Function<String, String> system, String where) throws LauncherException {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            int unclosed = unclosedReference(value);
            if (unclosed >= 0) {
                // Felix leaves such a value as it is; it is a typo the operator must hear about.
                throw LauncherException.failure(where + ": the value of " + key + " has an unclosed ${ at '"
                        + value.substring(unclosed) + "'");
            }
            try {
                resolved.put(key, Util.substVars(value, key, null, new Lookup(key, entries, variables, system, where)));
            } catch (UnknownVariable unknown) {
                throw unknown.failure;
            } catch (IllegalArgumentException cycle) {
                throw LauncherException.failure(where + ": " + key + " cannot be resolved: " + cycle.getMessage()
                        + " (a ${...} that refers to itself)");
            }
        }
        return resolved;
    }

    /** Where a {@code ${} without a closing brace starts in {@code value}, or -1. */
    private static int unclosedReference(String value) {
        for (int start = value.indexOf("${"); start >= 0; start = value.indexOf("${", start + 2)) {
            if (value.indexOf('}', start + 2) < 0) {
                return start;
            }
        }
        return -1;
    }

    /**
     * What Felix's {@link Util#substVars} looks a name up in: the launcher's variables, then the file's own
     * keys (whose values Felix substitutes in turn), then the system. Felix would take an unknown name as
     * empty and fall back to the JVM's system properties; this lookup never lets it: an unknown name is a
     * typo, named with the key that refers to it.
     */
    private static final class Lookup extends Properties {

        private static final long serialVersionUID = 1L;

        private final transient String key;
        private final transient Map<String, String> entries;
        private final transient Map<String, String> variables;
        private final transient Function<String, String> system;
        private final transient String where;

        Lookup(String key, Map<String, String> entries, Map<String, String> variables, Function<String, String> system,
                String where) {
            this.key = key;
            this.entries = entries;
            this.variables = variables;
            this.system = system;
            this.where = where;
        }

        @Override
        public String getProperty(String name, String unused) {
            return getProperty(name);
        }

        @Override
        public String getProperty(String name) {
            String value = variables.get(name);
            if (value == null) {
                value = entries.get(name);
            }
            if (value == null) {
                value = system.apply(name);
            }
            if (value == null) {
                throw new UnknownVariable(LauncherException.failure(where + ": " + key + " refers to ${" + name
                        + "}, which is neither a key of the file, a launcher variable ("
                        + String.join(", ", variables.keySet()) + ") nor a system property"));
            }
            return value;
        }
    }

    /** Carries the failure out of Felix's substitution, which declares no checked exception. */
    private static final class UnknownVariable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient LauncherException failure;

        UnknownVariable(LauncherException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
