package org.facilitysync.core.internal.model;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

import org.facilitysync.core.internal.storage.Transaction;

/**
 * Morango's tombstone queues, {@code morango_deletedmodels} and {@code morango_harddeletedmodels}: app
 * deletions waiting for the next serialization, which turns their Store rows into tombstones and
 * drains the queues.
 */
public final class DeletionQueues {

    private static final String DELETED = "morango_deletedmodels";
    private static final String HARD_DELETED = "morango_harddeletedmodels";

    private DeletionQueues() {
    }

    /** Queues soft deletions of {@code ids} (idempotent). */
    public static void queueDeleted(Transaction tx, String profile, Collection<String> ids) throws SQLException {
        queue(tx, DELETED, profile, ids);
    }

    /** Queues hard deletions of {@code ids} (idempotent); a hard deletion is queued as a soft one too. */
    public static void queueHardDeleted(Transaction tx, String profile, Collection<String> ids) throws SQLException {
        queue(tx, HARD_DELETED, profile, ids);
    }

    /**
     * Forgets pending deletions of a record that is being created again, so that the next serialization
     * sends the new record instead of a tombstone (Morango, which keeps the queue row, would tombstone
     * a record deleted and re-created between two serializations).
     */
    public static void forget(Transaction tx, String id) throws SQLException {
        tx.update("DELETE FROM " + DELETED + " WHERE id = ?", id);
        tx.update("DELETE FROM " + HARD_DELETED + " WHERE id = ?", id);
    }

    private static void queue(Transaction tx, String table, String profile, Collection<String> ids)
            throws SQLException {
        for (List<String> part : AppRows.partition(ids)) {
            String sql = tx.dialect().insertIgnoringConflicts(table, List.of("id", "profile"), List.of("id"),
                    part.size());
            try (PreparedStatement insert = tx.prepare(sql)) {
                int index = 1;
                for (String id : part) {
                    insert.setString(index++, id);
                    insert.setString(index++, profile);
                }
                insert.executeUpdate();
            }
        }
    }
}
