package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.facilitysync.core.internal.storage.Transaction;

/**
 * A temporary table of the Store rows to deserialize (their {@link RowAddress}), numbered in insertion order. The ids of one round are
 * copied into it by one {@code INSERT ... SELECT}, and the round then walks it by number: the Store
 * rows it marks clean or erroneous meanwhile cannot make the walk skip or repeat rows (as a cursor over
 * the Store's partial dirty index could on SQLite), and no id list is held in memory.
 */
final class DeserializeQueue {

    static final String TABLE = "fs_deserialize_queue";

    private DeserializeQueue() {
    }

    /** Makes the table exist, empty, for this transaction. */
    static void open(Transaction tx) throws SQLException {
        if ("postgresql".equals(tx.dialect().name())) {
            tx.update("CREATE TEMPORARY TABLE IF NOT EXISTS " + TABLE
                    + " (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, address VARCHAR(32) NOT NULL) ON COMMIT DROP");
        } else {
            tx.update("CREATE TEMPORARY TABLE IF NOT EXISTS " + TABLE + " (seq INTEGER PRIMARY KEY, address INTEGER NOT NULL)");
        }
        clear(tx);
    }

    static void clear(Transaction tx) throws SQLException {
        tx.update("DELETE FROM " + TABLE);
    }

    /**
     * Fills the (empty) queue with the Store row addresses ({@link RowAddress}) {@code select} returns;
     * returns how many.
     */
    static int fill(Transaction tx, String select, Binder binder) throws SQLException {
        clear(tx);
        try (PreparedStatement insert = tx.prepare("INSERT INTO " + TABLE + " (address) " + select)) {
            binder.bind(insert);
            return insert.executeUpdate();
        }
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
