package org.facilitysync.core.internal.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * SQLite: one file in WAL mode, one writer at a time, readers beside it.
 *
 * <p>Connections stay in JDBC auto-commit mode; transactions are opened with explicit
 * {@code BEGIN IMMEDIATE} (writers: the write lock is taken at the start, so a writer never fails half
 * way on a lock upgrade) or {@code BEGIN DEFERRED} (readers: a WAL snapshot that does not block the
 * writer). Settings are applied with {@code PRAGMA}s on every new connection rather than through driver
 * classes or URL parameters, because the driver is only reachable through an OSGi
 * {@code DataSourceFactory} and ignores some URL parameters when its own defaults are set.
 */
public final class SqliteDialect extends Dialect {

    /** The JDBC driver class the OSGi {@code DataSourceFactory} must announce. */
    public static final String DRIVER_CLASS = "org.sqlite.JDBC";

    /** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    // SQLite's limit since 3.32 (SQLITE_MAX_VARIABLE_NUMBER); sqlite-jdbc 3.49 is built with it.
    private static final int MAX_BIND_PARAMETERS = 32766;
    /** The page cache per connection, in KiB. */
    static final int CACHE_KIB = 64 * 1024;
    /** WAL pages (4 KiB each) after which a commit checkpoints: 64 MiB. */
    static final int WAL_CHECKPOINT_PAGES = 16_384;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    // Fixed width and UTC, so that text order is time order.
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Duration busyTimeout;

    public SqliteDialect() {
        this(DEFAULT_BUSY_TIMEOUT);
    }

    public SqliteDialect(Duration busyTimeout) {
        if (busyTimeout.isNegative()) {
            throw new IllegalArgumentException("busy timeout must not be negative: " + busyTimeout);
        }
        this.busyTimeout = busyTimeout;
    }

    /** The JDBC URL of a database file. */
    public static String jdbcUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String greatest(String a, String b) {
        return "max(" + a + ", " + b + ")";
    }

    @Override
    public String least(String a, String b) {
        return "min(" + a + ", " + b + ")";
    }

    @Override
    public String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    public String autoIncrementPrimaryKey() {
        // AUTOINCREMENT: ids are never reused, even after the highest row was deleted.
        return "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    public String timestampType() {
        return "TEXT";
    }

    @Override
    public int maxBindParameters() {
        return MAX_BIND_PARAMETERS;
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, java.sql.Types.VARCHAR);
        } else {
            statement.setString(index, TIMESTAMP.format(toStoredPrecision(instant)));
        }
    }

    @Override
    public Instant getInstant(ResultSet resultSet, String column) throws SQLException {
        String text = resultSet.getString(column);
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    void initializeConnection(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            // WAL is a property of the file; asking again on every connection is cheap and idempotent.
            switchToWriteAheadLog(statement);
            statement.execute("PRAGMA foreign_keys = ON");
            // LIKE is case-insensitive by default; partition prefixes must match exactly, as on PostgreSQL.
            statement.execute("PRAGMA case_sensitive_like = ON");
            // Page cache: SQLite's default is 2 MiB, far smaller than the store's indexes, whose random-key
            // inserts then re-read evicted pages. Per connection, taken only as used. Read calls of a
            // 50,000-record pull: 2 MiB 658,000; 32 MiB 447,000; 64 MiB 318,000; 128 MiB 149,000 (process CPU
            // 8.1 -> 7.4 s from 32 to 128 MiB). 64 MiB: a node's pool of 4 connections stays within 256 MiB
            // of native memory even when every connection has filled its cache.
            statement.execute("PRAGMA cache_size = -" + CACHE_KIB);
            // Temporary B-trees and statement journals in memory rather than in files under /var/tmp:
            // the sync's bulk INSERT ... SELECT and UPDATE statements wrote 40% of their write calls there.
            statement.execute("PRAGMA temp_store = MEMORY");
            // Checkpoint the WAL every 64 MiB instead of SQLite's 4 MiB: a sync commits chunk after chunk into the
            // same index pages, and every checkpoint copied those pages into the file again. Full sync of 20,000
            // records in one process (bench local): bytes written by the pull 357 -> 302 MiB, by the push 377 ->
            // 297 MiB, read calls -40%. Atomicity and durability do not change; the WAL file grows to ~64 MiB.
            statement.execute("PRAGMA wal_autocheckpoint = " + (BeforeIssue12.selected() ? 1000 : WAL_CHECKPOINT_PAGES));
        }
    }

    /**
     * Two processes (or pools) opening a new database file at once race to switch it from the rollback
     * journal to WAL: the loser can find the journal it wants to delete already gone
     * (SQLITE_IOERR_DELETE_NOENT) or the file locked. The switch has then happened, or will on the next
     * try, so a few short retries make opening a fresh file together safe.
     */
    private static void switchToWriteAheadLog(Statement statement) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                boolean racing = message.contains("SQLITE_IOERR") || message.contains("SQLITE_BUSY")
                        || message.contains("SQLITE_LOCKED");
                if (!racing || attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    boolean serializesWrites() {
        return true;
    }

    @Override
    void lockPartitions(Connection connection, TransactionOptions options) {
        // Nothing to do: write transactions are serialized, and readers see a WAL snapshot.
    }

    @Override
    void unlockPartitions(Connection connection, TransactionOptions options) {
        // Nothing was taken.
    }

    @Override
    void begin(Connection connection, TransactionOptions options) throws SQLException {
        if (options.readOnly()) {
            // A write here would bypass the one-writer rule; refuse it as PostgreSQL's READ ONLY does.
            execute(connection, "PRAGMA query_only = ON");
            execute(connection, "BEGIN DEFERRED");
        } else {
            execute(connection, "BEGIN IMMEDIATE");
        }
    }

    @Override
    void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    @Override
    void rollback(Connection connection) throws SQLException {
        reset(connection, TransactionOptions.WRITE);
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL): nothing left to undo.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                throw e;
            }
        }
    }

    @Override
    void reset(Connection connection, TransactionOptions options) throws SQLException {
        // A unit of work may have switched auto-commit off against the rules: undo what it did that way.
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        if (options.readOnly()) {
            execute(connection, "PRAGMA query_only = OFF");
        }
    }

    @Override
    void lockForMigration(Connection connection) {
        // BEGIN IMMEDIATE already excludes every other writer, in this process and in others.
    }

    @Override
    boolean isContention(SQLException failure) {
        int primaryCode = failure.getErrorCode() & 0xff;
        if (primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED) {
            return true;
        }
        String message = failure.getMessage();
        // A rollback journal deleted under us: another connection won the race to switch a new file to
        // WAL (see switchToWriteAheadLog); trying again finds the file in WAL mode.
        return message != null && (message.startsWith("[SQLITE_BUSY") || message.startsWith("[SQLITE_LOCKED")
                || message.startsWith("[SQLITE_IOERR_DELETE_NOENT"));
    }
}
