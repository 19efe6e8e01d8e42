package org.facilitysync.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads {@code conf/config.properties}, the framework properties of the container, with
 * {@code ${name}} substitution.
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
            resolved.put(e.getKey(), substitute(e.getKey(), e.getValue(), new ArrayDeque<>(), entries, variables,
                    system, where));
        }
        return resolved;
    }

    private static String substitute(String key, String value, Deque<String> expanding, Map<String, String> entries,
            Map<String, String> variables, Function<String, String> system, String where) throws LauncherException {
        if (expanding.contains(key)) {
            throw LauncherException.failure(where + ": ${" + key + "} refers to itself (through "
                    + String.join(" -> ", expanding) + ")");
        }
        expanding.push(key);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                throw LauncherException.failure(where + ": the value of " + expanding.peekLast()
                        + " has an unclosed ${ at '" + value.substring(start) + "'");
            }
            out.append(value, i, start);
            String name = value.substring(start + 2, end);
            out.append(lookup(name, expanding, entries, variables, system, where));
            i = end + 1;
        }
        expanding.pop();
        return out.toString();
    }

    private static String lookup(String name, Deque<String> expanding, Map<String, String> entries,
            Map<String, String> variables, Function<String, String> system, String where) throws LauncherException {
        String value = variables.get(name);
        if (value != null) {
            return value;
        }
        value = entries.get(name);
        if (value != null) {
            return substitute(name, value, expanding, entries, variables, system, where);
        }
        value = system.apply(name);
        if (value != null) {
            return value;
        }
        throw LauncherException.failure(where + ": " + expanding.peekLast() + " refers to ${" + name
                + "}, which is neither a key of the file, a launcher variable (" + String.join(", ", variables.keySet())
                + ") nor a system property");
    }
}
