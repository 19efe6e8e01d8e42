package org.facilitysync.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The launcher's command line: {@code [--home DIR] [--verbose] <mode | command> [args...]}.
 *
 * <p>Launcher options are only recognised before the mode or command word, so that everything after
 * it reaches the sync command untouched (sync commands have options of their own).
 */
record LauncherArguments(Mode mode, Optional<Path> home, boolean verbose, List<String> command) {

    enum Mode {
        /** No mode or command given: print the usage and fail. */
        NONE,
        /** {@code help} / {@code --help}: print the usage. */
        HELP,
        /** Run the node until it is told to stop, with a local command port. */
        SERVE,
        /** Run the node with the interactive Gogo shell on the terminal. */
        SHELL,
        /** Run one command: attach to a serving node, or boot a private one. */
        COMMAND,
        /** Two nodes as separate processes: create, import, edit, sync both ways, compare. */
        DEMO,
        /** {@code bench http}: a hub and a device as processes; pull, push, changes, idle sync; figures. */
        BENCH_HTTP,
        /** {@code bench start}: start-up times of one-shot commands and serve, cold and warm; figures. */
        BENCH_START
    }

    LauncherArguments {
        command = List.copyOf(command);
    }

    static LauncherArguments parse(String... args) throws LauncherException {
        Path home = null;
        boolean verbose = false;
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String option = args[i++];
            switch (option) {
                case "--" -> {
                    return withWords(home, verbose, args, i);
                }
                case "-v", "--verbose" -> verbose = true;
                case "-h", "--help" -> {
                    return new LauncherArguments(Mode.HELP, Optional.ofNullable(home), verbose, List.of());
                }
                case "--home" -> {
                    if (i >= args.length || args[i].isBlank()) {
                        throw LauncherException.usage("option --home needs a directory");
                    }
                    home = Path.of(args[i++]);
                }
                default -> {
                    if (option.startsWith("--home=") && option.length() > "--home=".length()) {
                        home = Path.of(option.substring("--home=".length()));
                    } else {
                        throw LauncherException.usage("unknown option '" + option
                                + "' (launcher options go before the command; see facilitysync help)");
                    }
                }
            }
        }
        return withWords(home, verbose, args, i);
    }

    private static LauncherArguments withWords(Path home, boolean verbose, String[] args, int first)
            throws LauncherException {
        Optional<Path> homeOption = Optional.ofNullable(home);
        if (first >= args.length) {
            return new LauncherArguments(Mode.NONE, homeOption, verbose, List.of());
        }
        List<String> words = List.of(args).subList(first, args.length);
        String word = words.get(0);
        Mode mode = switch (word) {
            case "help" -> Mode.HELP;
            case "serve" -> Mode.SERVE;
            case "shell" -> Mode.SHELL;
            case "demo" -> Mode.DEMO;
            case "bench" -> words.size() < 2 ? Mode.COMMAND : switch (words.get(1)) {
                case "http" -> Mode.BENCH_HTTP;
                case "start" -> Mode.BENCH_START;
                default -> Mode.COMMAND;
            };
            default -> Mode.COMMAND;
        };
        if (word.isBlank()) {
            throw LauncherException.usage("the command is empty");
        }
        if ((mode == Mode.SERVE || mode == Mode.SHELL) && words.size() > 1) {
            throw LauncherException.usage(word + " takes no arguments (got '" + words.get(1) + "')");
        }
        return new LauncherArguments(mode, homeOption, verbose, mode == Mode.BENCH_HTTP || mode == Mode.BENCH_START ? words.subList(1, words.size())
                : mode == Mode.COMMAND || mode == Mode.DEMO ? words : List.of());
    }
}
