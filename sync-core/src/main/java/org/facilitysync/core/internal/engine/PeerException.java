package org.facilitysync.core.internal.engine;

/** The peer refused a call or could not be reached; the message says which call and why. */
public final class PeerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
