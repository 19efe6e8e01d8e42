package org.facilitysync.core.internal.storage;

/**
 * A database operation failed for good: after rollback, and after the retries contention deserves.
 * The message says what was being done and on which database; the cause is the driver's exception.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
