package org.facilitysync.api;

import java.util.Locale;

/**
 * The status of the current stage of a transfer session.
 *
 * <p>{@link #PENDING} and {@link #STARTED} are in progress; {@link #COMPLETED} and {@link #ERRORED}
 * are finished. {@link #STARTED} means someone else (another request, a background job) owns the
 * stage's progress; {@link #ERRORED} is sticky until a resume resets it.
 */
public enum TransferStatus {
    /** The stage has not finished and may be invoked again. */
    PENDING,
    /** The stage is being worked on elsewhere; the controller invokes nothing and waits. */
    STARTED,
    /** The stage finished successfully. */
    COMPLETED,
    /** The stage failed; the error is kept on the session. */
    ERRORED;

    /** The lowercase name used on the wire and in persisted sessions. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this status ends waiting: {@link #COMPLETED} or {@link #ERRORED}. */
    public boolean isFinished() {
        return this == COMPLETED || this == ERRORED;
    }

    /**
     * Parses a wire name, ignoring case and surrounding white space.
     *
     * @throws IllegalArgumentException naming the value when it names no status
     */
    public static TransferStatus fromWireName(String name) {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (TransferStatus status : values()) {
                if (status.name().equals(wanted)) {
                    return status;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown transfer status '" + name + "'; expected one of pending, started, completed, errored");
    }
}
