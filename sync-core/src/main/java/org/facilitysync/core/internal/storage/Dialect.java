package org.facilitysync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.StringJoiner;

/**
 * The few SQL differences between SQLite and PostgreSQL, so that the engine writes its SQL once.
 *
 * <p>The public methods build SQL fragments and bind values; the package-private ones are the
 * transaction mechanics {@link Database} drives. Everything else (plain {@code SELECT}, {@code UPDATE},
 * {@code INSERT ... SELECT}, {@code ON CONFLICT}, {@code RETURNING}, {@code WITH RECURSIVE},
 * {@code SAVEPOINT}) is written the same on both.
 */
public abstract sealed class Dialect permits SqliteDialect, PostgresDialect {

    /** The escape character of {@link #startsWith(String)} patterns. */
    public static final char LIKE_ESCAPE = '\\';

    /** The most rows {@link #rowsPerInsert(int)} puts into one statement, whatever the bind limit allows. */
    public static final int MAX_ROWS_PER_INSERT = 500;

    /** Rows per JDBC batch ({@code addBatch}/{@code executeBatch}). */
    public static final int BATCH_SIZE = 500;

    /** {@code sqlite} or {@code postgresql}: the configuration value and the migrations folder name. */
    public abstract String name();

    // ---------------------------------------------------------------- SQL fragments

    /**
     * An upsert of one row: {@code INSERT INTO table (columns) VALUES (?, ...) ON CONFLICT
     * (conflictColumns) DO UPDATE SET c = excluded.c, ...} for each of {@code updateColumns}, or
     * {@code DO NOTHING} when there are none. Never use SQLite's {@code REPLACE}: it deletes the old
     * row first, which cascades to the rows that reference it.
     */
    public String upsert(String table, List<String> columns, List<String> conflictColumns, List<String> updateColumns) {
        StringBuilder sql = new StringBuilder(insertInto(table, columns));
        sql.append(" VALUES ").append(valuesRows(1, columns.size()));
        sql.append(" ON CONFLICT (").append(String.join(", ", conflictColumns)).append(')');
        if (updateColumns.isEmpty()) {
            return sql.append(" DO NOTHING").toString();
        }
        StringJoiner set = new StringJoiner(", ", " DO UPDATE SET ", "");
        updateColumns.forEach(c -> set.add(c + " = excluded." + c));
        return sql.append(set).toString();
    }

    /** {@code INSERT INTO table (columns) VALUES (?, ...), ... ON CONFLICT (conflictColumns) DO NOTHING} for {@code rows} rows. */
    public String insertIgnoringConflicts(String table, List<String> columns, List<String> conflictColumns, int rows) {
        return insertInto(table, columns) + " VALUES " + valuesRows(rows, columns.size())
                + " ON CONFLICT (" + String.join(", ", conflictColumns) + ") DO NOTHING";
    }

    /** {@code INSERT INTO table (columns) VALUES (?, ...), ...} for {@code rows} rows; see {@link #rowsPerInsert(int)}. */
    public String insertRows(String table, List<String> columns, int rows) {
        return insertInto(table, columns) + " VALUES " + valuesRows(rows, columns.size());
    }

    /** The larger of two SQL expressions (SQLite's two-argument {@code max}, PostgreSQL's {@code GREATEST}). */
    public abstract String greatest(String a, String b);

    /** The smaller of two SQL expressions. */
    public abstract String least(String a, String b);

    /**
     * A condition "{@code column} starts with the bound parameter", with one {@code ?} to bind to
     * {@link #likePrefixPattern(String)}. Case-sensitive on both databases.
     *
     * <p>Unlike Morango, which writes {@code partition LIKE 'P%'} without escaping, the prefix's
     * {@code %} and {@code _} are matched literally: a partition must never act as a wildcard.
     */
    public String startsWith(String column) {
        return column + " LIKE ? ESCAPE '" + LIKE_ESCAPE + "'";
    }

    /** The value to bind to a {@link #startsWith(String)} condition: {@code prefix} escaped, then {@code %}. */
    public static String likePrefixPattern(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    /**
     * A condition "{@code column} is a prefix of the bound parameter" (Morango's
     * {@code f LIKE partition || '%'} for FSICs), with one {@code ?} to bind to the full string.
     * Compares characters exactly, so nothing in the column acts as a wildcard either.
     */
    public String isPrefixOf(String column) {
        return "substr(CAST(? AS TEXT), 1, length(" + column + ")) = " + column;
    }

    /** A boolean literal for SQL text; bind booleans with {@code setBoolean} wherever possible instead. */
    public abstract String booleanLiteral(boolean value);

    /** The column definition of an auto-increment primary key whose values grow in insertion order. */
    public abstract String autoIncrementPrimaryKey();

    /** The column type timestamps are stored in; bind and read them with {@link #setInstant} and {@link #getInstant}. */
    public abstract String timestampType();

    /** The most bind parameters one statement may carry. */
    public abstract int maxBindParameters();

    /** How many rows of {@code columnsPerRow} columns fit in one {@link #insertRows multi-row insert}. */
    public int rowsPerInsert(int columnsPerRow) {
        if (columnsPerRow < 1) {
            throw new IllegalArgumentException("columnsPerRow must be positive, got " + columnsPerRow);
        }
        return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, maxBindParameters() / columnsPerRow));
    }

    /** Rows per JDBC batch. */
    public int batchSize() {
        return BATCH_SIZE;
    }

    /** Binds a timestamp (at microsecond precision, which both databases keep); {@code null} binds SQL NULL. */
    public abstract void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /** Reads a timestamp written by {@link #setInstant}; SQL NULL gives {@code null}. */
    public abstract Instant getInstant(ResultSet resultSet, String column) throws SQLException;

    /** Whether a table (unqualified name, in the connection's schema) exists. */
    public abstract boolean tableExists(Connection connection, String table) throws SQLException;

    // ---------------------------------------------------------------- transaction mechanics

    /** Prepares a new physical connection (pragmas, session settings). */
    abstract void initializeConnection(Connection connection) throws SQLException;

    /** Whether write transactions must be serialized in this process (SQLite has one writer). */
    abstract boolean serializesWrites();

    /** Takes the partition locks of {@code options} before the transaction begins; see {@link TransactionOptions}. */
    abstract void lockPartitions(Connection connection, TransactionOptions options) throws SQLException;

    /** Releases what {@link #lockPartitions} took, after the transaction ended. */
    abstract void unlockPartitions(Connection connection, TransactionOptions options) throws SQLException;

    abstract void begin(Connection connection, TransactionOptions options) throws SQLException;

    abstract void commit(Connection connection) throws SQLException;

    abstract void rollback(Connection connection) throws SQLException;

    /** Returns the connection to its resting state once a transaction has ended, ready for the pool. */
    abstract void reset(Connection connection, TransactionOptions options) throws SQLException;

    /**
     * Serializes schema migrations across processes sharing the database, inside the migration's
     * transaction and before it reads the version table.
     */
    abstract void lockForMigration(Connection connection) throws SQLException;

    /** Whether the failure is transient contention (SQLite BUSY, PostgreSQL serialization failure) worth a retry. */
    boolean isRetryable(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (isContention(e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    abstract boolean isContention(SQLException failure);

    // ---------------------------------------------------------------- helpers

    /** Truncates to the precision both databases store, so a value reads back equal to what was written. */
    static Instant toStoredPrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String insertInto(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ")";
    }

    private static String valuesRows(int rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("need at least one row and one column, got " + rows + " x " + columns);
        }
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        StringJoiner all = new StringJoiner(", ");
        for (int i = 0; i < rows; i++) {
            all.add(row);
        }
        return all.toString();
    }
}
