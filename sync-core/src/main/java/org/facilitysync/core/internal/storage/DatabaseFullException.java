package org.facilitysync.core.internal.storage;

import java.sql.SQLException;

/**
 * A write failed because the database has no room left: its disk is full (SQLite {@code SQLITE_FULL},
 * PostgreSQL {@code 53100 disk_full}) or it reached a size limit. Not a bug, so its message is meant to be
 * shown as it is, in one line, without a stack trace.
 */
public class DatabaseFullException extends StorageException {

    private static final long serialVersionUID = 1L;

    private static final int SQLITE_FULL = 13;
    private static final String POSTGRES_DISK_FULL = "53100";

    DatabaseFullException(String location, SQLException cause) {
        super("database " + location + " is full: its disk has no room left (" + cause.getMessage()
                + "); free some space", cause);
    }

    /** Whether {@code failure} says that the database or its disk is full. */
    static boolean isFull(SQLException failure) {
        return failure.getErrorCode() == SQLITE_FULL || POSTGRES_DISK_FULL.equals(failure.getSQLState())
                || String.valueOf(failure.getMessage()).contains("SQLITE_FULL");
    }
}
