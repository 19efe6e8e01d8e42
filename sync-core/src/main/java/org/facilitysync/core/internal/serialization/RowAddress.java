package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.facilitysync.core.internal.model.AppRows;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * How rows read earlier in a transaction are written again: by SQLite's {@code rowid} (the table's own
 * key: no lookup in the {@code id} index, which is a separate B-tree there), otherwise by {@code id}.
 */
final class RowAddress {

    private RowAddress() {
    }

    /** The column that addresses a row of a table with an {@code id} column. */
    static String column(Dialect dialect) {
        return "sqlite".equals(dialect.name()) ? "rowid" : "id";
    }

    /** Reads an address selected as {@link #column}. */
    static Object read(java.sql.ResultSet rows, int index, Dialect dialect) throws SQLException {
        return "sqlite".equals(dialect.name()) ? (Object) rows.getLong(index) : rows.getString(index);
    }

    /**
     * Runs {@code sqlBeforeIn + "(?, ...)"} for the addresses, {@value AppRows#IDS_PER_STATEMENT} at a time;
     * returns the total update count.
     */
    static int update(Transaction tx, String sqlBeforeIn, List<?> addresses) throws SQLException {
        int updated = 0;
        for (int from = 0; from < addresses.size(); from += AppRows.IDS_PER_STATEMENT) {
            List<?> part = addresses.subList(from, Math.min(addresses.size(), from + AppRows.IDS_PER_STATEMENT));
            try (PreparedStatement update = tx.prepare(sqlBeforeIn + AppRows.placeholders(part.size()))) {
                int index = 1;
                for (Object address : part) {
                    update.setObject(index++, address);
                }
                updated += update.executeUpdate();
            }
        }
        return updated;
    }
}
