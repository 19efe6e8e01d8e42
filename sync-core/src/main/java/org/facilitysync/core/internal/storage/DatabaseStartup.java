package org.facilitysync.core.internal.storage;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Opens a database on a plain {@link DataSource} and brings its schema up to date: what the OSGi
 * component does once it has a {@code DataSource}, and what tests do with one they built themselves.
 */
public final class DatabaseStartup {

    /** How long a transaction waits for a free pooled connection. */
    public static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * SQLite: one connection for the writer plus a few for readers beside it; more would only queue on
     * the file.
     */
    public static final int SQLITE_POOL_SIZE = 4;

    /** How many problems the integrity check collects at most: the first one names the damage. */
    private static final int MAX_PROBLEMS = 10;

    private DatabaseStartup() {
    }

    /**
     * The database, migrated to this build's newest schema version.
     *
     * @param location where it is, for messages; must not contain credentials
     * @throws SchemaRefusedException when its schema cannot be used (nothing was changed)
     * @throws CorruptDatabaseException when a SQLite file is damaged or no database (nothing was changed)
     * @throws StorageException when it cannot be reached or a migration failed
     */
    public static Database open(DataSource dataSource, Dialect dialect, String location, int poolSize) {
        Database database = new Database(new ConnectionPool(dataSource, dialect, location, poolSize, ACQUIRE_TIMEOUT),
                dialect, location);
        try {
            if (dialect instanceof SqliteDialect) {
                checkIntegrity(database);
            }
            new SchemaMigrator(database, MigrationCatalog.load(dialect.name())).migrate();
            return database;
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    /**
     * SQLite's quick integrity check ({@code PRAGMA quick_check}: every page of every table and index is
     * read and its structure checked, without comparing index contents to their tables): a damaged file
     * is named at start, never served, and not written to. A file that is no database at all fails here
     * too, on its first read.
     *
     * @throws CorruptDatabaseException naming the file and SQLite's first complaint
     */
    static void checkIntegrity(Database database) {
        List<String> problems;
        try {
            problems = database.read(transaction -> {
                List<String> lines = new ArrayList<>();
                try (Statement statement = transaction.connection().createStatement();
                        ResultSet rows = statement.executeQuery("PRAGMA quick_check(" + MAX_PROBLEMS + ")")) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
                return lines;
            });
        } catch (RuntimeException e) {
            String message = rootMessage(e);
            if (message.contains("SQLITE_NOTADB") || message.contains("SQLITE_CORRUPT")) {
                throw new CorruptDatabaseException(database.location(), message, e);
            }
            throw e; // unreachable, locked, read-only: said as it is
        }
        if (!problems.equals(List.of("ok"))) {
            throw new CorruptDatabaseException(database.location(), "PRAGMA quick_check found "
                    + (problems.size() >= MAX_PROBLEMS ? MAX_PROBLEMS + " or more problems" : problems.size()
                            + (problems.size() == 1 ? " problem" : " problems"))
                    + ", the first: " + (problems.isEmpty() ? "(none named)" : problems.get(0)), null);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** The database without touching its schema: for tools and tests that inspect or prepare it first. */
    public static Database openUnmigrated(DataSource dataSource, Dialect dialect, String location, int poolSize) {
        return new Database(new ConnectionPool(dataSource, dialect, location, poolSize, ACQUIRE_TIMEOUT),
                dialect, location);
    }
}
