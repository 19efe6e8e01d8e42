package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.util.List;

import org.facilitysync.api.model.MorangoIds;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.storage.Database;

/** Many dirty summary logs of one user, written straight into the app table (streamed, bounded memory). */
final class GeneratedRecords {

    private static final int ROWS_PER_STATEMENT = 500;
    private static final int ROWS_PER_TRANSACTION = 50_000;

    private GeneratedRecords() {
    }

    /**
     * Inserts the user and {@code count} summary logs, all dirty; their ids are hash-like (random order, as
     * real ids are) when {@code randomIds}, else ascending (cheaper to write, for tests not about speed).
     */
    static void summaryLogs(Database database, RegisteredModel users, RegisteredModel logs, String userId, int count,
                            boolean randomIds) {
        database.inTransaction(tx -> tx.update("INSERT INTO " + users.table() + " (id, _morango_source_id,"
                + " _morango_partition, _morango_dirty_bit, " + users.fieldColumns() + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                userId, userId, userId + ":user", true, "", null, false, true, "bob"));
        List<String> columns = logs.allColumns();
        String partition = userId + ":user:summary";
        for (int start = 0; start < count; start += ROWS_PER_TRANSACTION) {
            int from = start;
            int to = Math.min(count, start + ROWS_PER_TRANSACTION);
            database.inTransaction(tx -> {
                try (PreparedStatement insert = tx.prepare(tx.dialect().insertRows(logs.table(), columns,
                        ROWS_PER_STATEMENT))) {
                    for (int batch = from; batch < to; batch += ROWS_PER_STATEMENT) {
                        int rows = Math.min(ROWS_PER_STATEMENT, to - batch);
                        PreparedStatement statement = rows == ROWS_PER_STATEMENT ? insert
                                : tx.prepare(tx.dialect().insertRows(logs.table(), columns, rows));
                        int index = 1;
                        for (int i = batch; i < batch + rows; i++) {
                            String contentId = String.format("%032x", i);
                            statement.setString(index++, randomIds ? MorangoIds.sha2Uuid("log", Integer.toString(i))
                                    : String.format("%032x", 0x5000_0000_0000L + i));
                            statement.setString(index++, userId + ":" + contentId);
                            statement.setString(index++, partition);
                            statement.setBoolean(index++, true);
                            statement.setString(index++, userId);
                            statement.setString(index++, contentId);
                        }
                        statement.executeUpdate();
                        if (statement != insert) {
                            statement.close();
                        }
                    }
                }
                return null;
            });
        }
    }

    /** Makes every Store row dirty and empties the app tables: the state after receiving all of them. */
    static void asIfReceived(Database database, RegisteredModel... models) {
        database.inTransaction(tx -> {
            tx.update("UPDATE morango_store SET dirty_bit = ?", true);
            for (RegisteredModel model : models) {
                tx.update("DELETE FROM " + model.table());
            }
            return null;
        });
    }
}
