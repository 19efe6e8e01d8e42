package org.facilitysync.launcher;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns the launcher's argument words into a Gogo command line, and decides the command's scope.
 */
final class GogoCommandLine {

    /** Words Gogo reads literally; anything else is single-quoted. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");
    /** A command name that may get the {@code sync:} scope. */
    private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    static final String SYNC_SCOPE = "sync";

    private GogoCommandLine() {
    }

    /** Joins words into one command line, quoting each so Gogo passes it through as one argument. */
    static String join(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }

    static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        // Inside single quotes Gogo expands nothing; a single quote itself is closed, escaped, reopened.
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The first word of a command line as the launcher built it (up to the first blank). */
    static String commandName(String line) {
        String trimmed = line.strip();
        int blank = 0;
        while (blank < trimmed.length() && !Character.isWhitespace(trimmed.charAt(blank))) {
            blank++;
        }
        return trimmed.substring(0, blank);
    }

    /** Whether {@code name} has no scope and could name a {@code sync:} command. */
    static boolean isBareName(String name) {
        return BARE_NAME.matcher(name).matches();
    }

    /**
     * Gives the command its scope: a bare name becomes {@code sync:<name>} when such a command is
     * registered; otherwise the line is left for Gogo to resolve (so {@code lb} still means
     * {@code felix:lb}).
     */
    static String withScope(String line, Predicate<String> isSyncCommand) {
        String name = commandName(line);
        if (isBareName(name) && isSyncCommand.test(name)) {
            return SYNC_SCOPE + ":" + line.strip();
        }
        return line.strip();
    }
}
