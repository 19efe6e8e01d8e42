package org.facilitysync.core.internal.storage;

/**
 * The database's schema cannot be used by this build, and nothing was changed: it was written by a
 * newer facilitysync, or a migration it records differs from this build's copy.
 */
public class SchemaRefusedException extends StorageException {

    private static final long serialVersionUID = 1L;

    public SchemaRefusedException(String message) {
        super(message);
    }
}
