package org.facilitysync.core.internal.trust;

/** A nonce that cannot be used: unknown, already used, or expired. Morango answers 403. */
public final class NonceRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why Morango would refuse it ({@code NonceDoesNotExist}, {@code NonceExpired}). */
    public enum Reason { UNKNOWN_OR_USED, EXPIRED }

    private final Reason reason;

    NonceRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
