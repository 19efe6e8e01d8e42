package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * A multi-row {@code INSERT ... VALUES (...), (...) [ON CONFLICT ...]}: rows are collected and written
 * as many per statement as the bind limit allows (at most {@link Dialect#MAX_ROWS_PER_INSERT}), through
 * one prepared statement reused for every full batch. {@link #flush()} writes the rest. Memory holds
 * one batch at most.
 *
 * <p>A row template may hold SQL literals for values that are the same in every row (the version stamp
 * of a pass): fewer parameters to bind is measurably faster with SQLite's JNI driver.
 *
 * @param <T> a row
 */
final class BulkStatement<T> implements AutoCloseable {

    /** Binds one row's parameters, starting at parameter {@code first}. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement statement, int first, T row) throws SQLException;
    }

    private final Transaction tx;
    private final String head;
    private final String rowTemplate;
    private final int parametersPerRow;
    private final String tail;
    private final Binder<T> binder;
    private final int rowsPerStatement;
    private final List<T> pending;
    private PreparedStatement full;
    private long written;

    /** Every column bound. */
    BulkStatement(Transaction tx, String table, List<String> columns, String tail, Binder<T> binder) {
        this(tx, table, columns, "(" + "?, ".repeat(columns.size() - 1) + "?)", columns.size(), tail, binder);
    }

    /**
     * @param rowTemplate one row of VALUES, e.g. {@code "(?, 'abc', 3, ?)"}
     * @param parametersPerRow the {@code ?} in the template
     * @param tail what follows the VALUES rows, e.g. {@code " ON CONFLICT (id) DO UPDATE SET ..."}, or ""
     */
    BulkStatement(Transaction tx, String table, List<String> columns, String rowTemplate, int parametersPerRow,
                  String tail, Binder<T> binder) {
        this.tx = tx;
        this.head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
        this.rowTemplate = rowTemplate;
        this.parametersPerRow = parametersPerRow;
        this.tail = tail;
        this.binder = binder;
        this.rowsPerStatement = Math.max(1, Math.min(Dialect.MAX_ROWS_PER_INSERT,
                tx.dialect().maxBindParameters() / Math.max(1, parametersPerRow)));
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
            index += parametersPerRow;
        }
        statement.executeUpdate();
        written += pending.size();
        pending.clear();
    }

    private String sql(int rows) {
        StringJoiner values = new StringJoiner(", ", head, tail);
        for (int i = 0; i < rows; i++) {
            values.add(rowTemplate);
        }
        return values.toString();
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

    /** A SQL string literal of {@code text}. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
