package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.facilitysync.core.internal.storage.Transaction;

/**
 * A multi-row {@code INSERT ... VALUES (...), (...) [ON CONFLICT ...]}: rows are collected and written
 * as many per statement as the dialect's bind limit allows ({@link
 * org.facilitysync.core.internal.storage.Dialect#rowsPerInsert(int)}), through one prepared statement
 * reused for every full batch. {@link #flush()} writes the rest. Memory holds one batch at most.
 *
 * @param <T> a row
 */
final class BulkStatement<T> implements AutoCloseable {

    /** Binds one row's columns, starting at parameter {@code first}. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement statement, int first, T row) throws SQLException;
    }

    private final Transaction tx;
    private final String table;
    private final List<String> columns;
    private final String tail;
    private final Binder<T> binder;
    private final int rowsPerStatement;
    private final List<T> pending;
    private PreparedStatement full;
    private long written;

    /**
     * @param tail what follows the VALUES rows, e.g. {@code " ON CONFLICT (id) DO UPDATE SET ..."}, or ""
     */
    BulkStatement(Transaction tx, String table, List<String> columns, String tail, Binder<T> binder) {
        this.tx = tx;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.tail = tail;
        this.binder = binder;
        this.rowsPerStatement = tx.dialect().rowsPerInsert(columns.size());
        this.pending = new ArrayList<>(rowsPerStatement);
    }

    void add(T row) throws SQLException {
        pending.add(row);
        if (pending.size() == rowsPerStatement) {
            if (full == null) {
                full = tx.prepare(sql(rowsPerStatement));
            }
            execute(full);
        }
    }

    /** Writes the rows collected since the last full batch. */
    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement rest = tx.prepare(sql(pending.size()))) {
            execute(rest);
        }
    }

    /** Rows written so far. */
    long written() {
        return written;
    }

    @Override
    public void close() throws SQLException {
        if (full != null) {
            full.close();
            full = null;
        }
    }

    private void execute(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (T row : pending) {
            binder.bind(statement, index, row);
            index += columns.size();
        }
        statement.executeUpdate();
        written += pending.size();
        pending.clear();
    }

    private String sql(int rows) {
        return tx.dialect().insertRows(table, columns, rows) + tail;
    }

    /** {@code " ON CONFLICT (conflict) DO UPDATE SET c = excluded.c, ..."}. */
    static String onConflictUpdate(List<String> conflict, List<String> update) {
        StringBuilder sql = new StringBuilder(" ON CONFLICT (").append(String.join(", ", conflict))
                .append(") DO UPDATE SET ");
        for (int i = 0; i < update.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(update.get(i)).append(" = excluded.").append(update.get(i));
        }
        return sql.toString();
    }
}
