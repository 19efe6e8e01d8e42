package org.facilitysync.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Which start level each bundle of {@code bundle/} gets, from {@code facilitysync.startlevel.<N>}
 * entries of the configuration: comma-separated symbolic names, where {@code *} matches any run of
 * characters. Bundles no entry names get the default level.
 *
 * <p>This exists for the slf4j 2 trap: SPI Fly (and the ASM it needs) must be active before any
 * bundle loads {@code org.slf4j.LoggerFactory}, or the weaving that finds the provider never happens
 * and logging silently falls back to the no-op logger.
 */
final class StartLevels {

    static final String PREFIX = "facilitysync.startlevel.";

    private record Rule(int level, Pattern symbolicName) {
    }

    private final List<Rule> rules;
    private final int defaultLevel;

    private StartLevels(List<Rule> rules, int defaultLevel) {
        this.rules = rules;
        this.defaultLevel = defaultLevel;
    }

    static StartLevels from(Map<String, String> config, int defaultLevel) throws LauncherException {
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            int level;
            try {
                level = Integer.parseInt(e.getKey().substring(PREFIX.length()));
            } catch (NumberFormatException ex) {
                throw LauncherException.failure("conf/config.properties: " + e.getKey()
                        + " must end with a start level number, e.g. " + PREFIX + "1");
            }
            if (level < 1) {
                throw LauncherException.failure("conf/config.properties: " + e.getKey() + ": start levels begin at 1");
            }
            for (String name : e.getValue().split(",")) {
                String glob = name.trim();
                if (!glob.isEmpty()) {
                    rules.add(new Rule(level, globToRegex(glob)));
                }
            }
        }
        // Lowest level wins when two entries match, so a broad pattern cannot delay the mediator.
        rules.sort((a, b) -> Integer.compare(a.level(), b.level()));
        return new StartLevels(List.copyOf(rules), defaultLevel);
    }

    int levelOf(String symbolicName) {
        if (symbolicName != null) {
            for (Rule rule : rules) {
                if (rule.symbolicName().matcher(symbolicName).matches()) {
                    return rule.level();
                }
            }
        }
        return defaultLevel;
    }

    private static Pattern globToRegex(String glob) {
        StringJoiner regex = new StringJoiner(".*");
        for (String part : glob.split("\\*", -1)) {
            regex.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
