package org.facilitysync.launcher;

import java.io.OutputStream;

/** Runs one command line in a node; the command port serves whatever implements it. */
interface CommandRunner {

    /** The end of a command: exit status 0, 1 (failed) or 2 (no such command, wrong arguments). */
    record Outcome(int status, String message, Throwable error) {
        static Outcome ok() {
            return new Outcome(0, "", null);
        }
    }

    /** Runs {@code line}, writing its output to {@code out} and diagnostics to {@code err}. */
    Outcome run(String line, OutputStream out, OutputStream err);
}
