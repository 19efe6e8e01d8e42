package org.facilitysync.launcher;

/**
 * A failure the launcher reports as one line {@code facilitysync: <message>} on stderr, with the
 * process exit status it implies.
 */
final class LauncherException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The command or the node failed. */
    static final int FAILURE = 1;
    /** The command line was wrong: unknown option, mode or command. */
    static final int USAGE = 2;

    private final int exitStatus;

    private LauncherException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    static LauncherException usage(String message) {
        return new LauncherException(USAGE, message, null);
    }

    static LauncherException failure(String message) {
        return new LauncherException(FAILURE, message, null);
    }

    static LauncherException failure(String message, Throwable cause) {
        return new LauncherException(FAILURE, message, cause);
    }

    int exitStatus() {
        return exitStatus;
    }
}
