package org.facilitysync.core.internal.storage;

/**
 * A database file that is damaged or is no database at all: found at start, so that the node names it
 * and stops instead of serving (and spreading) what it can still read.
 */
public class CorruptDatabaseException extends StorageException {

    private static final long serialVersionUID = 1L;

    CorruptDatabaseException(String location, String problem, Throwable cause) {
        super("the database file " + location + " is damaged or not a SQLite database (" + problem + "): restore it"
                + " from a backup, or move it away to start with an empty one", cause);
    }
}
