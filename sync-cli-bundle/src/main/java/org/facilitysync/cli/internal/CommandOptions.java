package org.facilitysync.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's {@code --option value} / {@code --option=value} / {@code --flag} arguments, checked against
 * the options the command knows, so a typo is an error that names it instead of being ignored. Gogo hands
 * the arguments over as they were typed, which keeps one-shot commands and the shell identical.
 */
final class CommandOptions {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandOptions(String command) {
        this.command = command;
    }

    /**
     * @param valued options that take a value
     * @param flags options that take none
     * @throws IllegalArgumentException for an unknown option, a missing value, or a repeated option
     */
    static CommandOptions parse(String command, String[] args, Set<String> valued, Set<String> flags) {
        CommandOptions options = new CommandOptions(command);
        for (int i = 0; i < (args == null ? 0 : args.length); i++) {
            String arg = String.valueOf(args[i]);
            if (!arg.startsWith("--")) {
                options.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException(command + ": --" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(command + ": --" + name + " needs a value");
                    }
                    value = String.valueOf(args[++i]);
                }
            } else {
                List<String> known = new ArrayList<>(valued);
                known.addAll(flags);
                known.sort(null);
                throw new IllegalArgumentException(command + ": unknown option --" + name + " (known: --"
                        + String.join(", --", known) + ")");
            }
            if (options.values.put(name, value) != null) {
                throw new IllegalArgumentException(command + ": --" + name + " given twice");
            }
        }
        return options;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return value(name).orElseThrow(() -> new IllegalArgumentException(command + " needs --" + name));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(command + ": --" + name + " must be a whole number from " + min + " to "
                    + max + ", not '" + text.get() + "'");
        }
    }

    List<String> positional() {
        return positional;
    }

    /** Refuses positional arguments beyond {@code max}. */
    CommandOptions atMostPositional(int max) {
        if (positional.size() > max) {
            throw new IllegalArgumentException(command + ": unexpected argument '" + positional.get(max) + "'");
        }
        return this;
    }
}
