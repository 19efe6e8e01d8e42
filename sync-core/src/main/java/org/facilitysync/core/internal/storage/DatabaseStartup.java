package org.facilitysync.core.internal.storage;

import java.time.Duration;

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

    private DatabaseStartup() {
    }

    /**
     * The database, migrated to this build's newest schema version.
     *
     * @param location where it is, for messages; must not contain credentials
     * @throws SchemaRefusedException when its schema cannot be used (nothing was changed)
     * @throws StorageException when it cannot be reached or a migration failed
     */
    public static Database open(DataSource dataSource, Dialect dialect, String location, int poolSize) {
        Database database = new Database(new ConnectionPool(dataSource, dialect, location, poolSize, ACQUIRE_TIMEOUT),
                dialect, location);
        try {
            new SchemaMigrator(database, MigrationCatalog.load(dialect.name())).migrate();
            return database;
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    /** The database without touching its schema: for tools and tests that inspect or prepare it first. */
    public static Database openUnmigrated(DataSource dataSource, Dialect dialect, String location, int poolSize) {
        return new Database(new ConnectionPool(dataSource, dialect, location, poolSize, ACQUIRE_TIMEOUT),
                dialect, location);
    }
}
