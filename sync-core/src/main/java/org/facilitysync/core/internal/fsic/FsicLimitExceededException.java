package org.facilitysync.core.internal.fsic;

/**
 * A diff too large to queue in one transfer (Morango's {@code MorangoLimitExceeded}): the queue
 * query would exceed the database's limit of UNIONed SELECTs.
 */
public class FsicLimitExceededException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public FsicLimitExceededException(String message) {
        super(message);
    }
}
