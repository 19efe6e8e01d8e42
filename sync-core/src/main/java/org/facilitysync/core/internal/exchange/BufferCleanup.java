package org.facilitysync.core.internal.exchange;

import java.sql.SQLException;
import java.util.Objects;

import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The cleanup stage's database work on one transfer session (Morango's {@code delete_buffers}): the
 * producer's queued records and their record max counters go, in one set-based statement each. The
 * receiver's buffer is already empty after dequeuing. Deactivating the session is the session store's
 * job.
 */
public final class BufferCleanup {

    private final Database database;

    public BufferCleanup(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Deletes the transfer session's buffers; returns how many buffered records were deleted. */
    public int deleteBuffers(String transferSessionId) {
        return database.inTransaction(tx -> deleteBuffers(tx, transferSessionId));
    }

    static int deleteBuffers(Transaction tx, String transferSessionId) throws SQLException {
        tx.update("DELETE FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = ?", transferSessionId);
        return tx.update("DELETE FROM morango_buffer WHERE transfer_session_id = ?", transferSessionId);
    }
}
