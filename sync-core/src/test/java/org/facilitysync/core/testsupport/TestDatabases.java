package org.facilitysync.core.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.PostgresDialect;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * Fresh, empty databases for a test class, on both kinds:
 * {@code @RegisterExtension static final TestDatabases databases = new TestDatabases();}, then
 * {@code databases.migrated(kind)} or {@code databases.empty(kind)} in each test.
 *
 * <p>SQLite: a new file under {@code target/sqlite-tests/}. PostgreSQL: a database per test class on
 * the JVM's {@link PostgresTestServer}, and in it a new schema per call (the connections'
 * {@code currentSchema}), so that every call starts from nothing without the cost of a database.
 * Everything is closed, dropped and deleted after the class.
 */
public final class TestDatabases implements BeforeAllCallback, AfterAllCallback {

    private final List<Database> opened = new ArrayList<>();
    private String className;
    private Path sqliteFolder;
    private String postgresDatabase;
    private int counter;

    /** An empty database that nothing opened yet. */
    public record EmptyDatabase(DatabaseKind kind, DataSource dataSource, String location) {

        /** The dialect with its defaults. */
        public Dialect dialect() {
            return kind == DatabaseKind.SQLITE ? new SqliteDialect() : new PostgresDialect();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        className = context.getRequiredTestClass().getSimpleName();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        opened.forEach(Database::close);
        opened.clear();
        if (postgresDatabase != null) {
            PostgresTestServer.get().dropDatabase(postgresDatabase);
            postgresDatabase = null;
        }
        if (sqliteFolder != null) {
            try (Stream<Path> files = Files.walk(sqliteFolder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            sqliteFolder = null;
        }
    }

    /** A new empty database of {@code kind}. */
    public synchronized EmptyDatabase empty(DatabaseKind kind) {
        requireRegistered();
        int n = ++counter;
        try {
            return kind == DatabaseKind.SQLITE ? emptySqlite(n) : emptyPostgres(n);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot make an empty " + kind + " database for " + className, e);
        }
    }

    /** A new database of {@code kind}, opened and migrated as the component would; closed after the class. */
    public Database migrated(DatabaseKind kind) {
        EmptyDatabase empty = empty(kind);
        return track(DatabaseStartup.open(empty.dataSource(), empty.dialect(), empty.location(), poolSize(kind)));
    }

    /** Opens {@code empty} with {@code dialect} and migrates it; closed after the class. */
    public Database open(EmptyDatabase empty, Dialect dialect) {
        return track(DatabaseStartup.open(empty.dataSource(), dialect, empty.location(), poolSize(empty.kind())));
    }

    /** Opens {@code empty} without touching its schema; closed after the class. */
    public Database openUnmigrated(EmptyDatabase empty) {
        return track(DatabaseStartup.openUnmigrated(empty.dataSource(), empty.dialect(), empty.location(),
                poolSize(empty.kind())));
    }

    /** Closes {@code database} after the class (for databases a test opened itself). */
    public synchronized Database track(Database database) {
        opened.add(database);
        return database;
    }

    private static int poolSize(DatabaseKind kind) {
        return kind == DatabaseKind.SQLITE ? DatabaseStartup.SQLITE_POOL_SIZE : 8;
    }

    private EmptyDatabase emptySqlite(int n) throws IOException {
        if (sqliteFolder == null) {
            Path base = Files.createDirectories(Path.of("target", "sqlite-tests"));
            sqliteFolder = Files.createTempDirectory(base, className + "-");
        }
        Path file = sqliteFolder.resolve("db" + n + ".sqlite").toAbsolutePath();
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        return new EmptyDatabase(DatabaseKind.SQLITE, dataSource, file.toString());
    }

    private EmptyDatabase emptyPostgres(int n) throws SQLException {
        PostgresTestServer server = PostgresTestServer.get();
        if (postgresDatabase == null) {
            String name = "fs_" + className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
            name = name.substring(0, Math.min(name.length(), 50)) + "_"
                    + UUID.randomUUID().toString().substring(0, 8);
            server.createDatabase(name);
            postgresDatabase = name;
        }
        String schema = "t" + n;
        try (Connection connection = server.connect(postgresDatabase);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.url(postgresDatabase));
        dataSource.setUser(server.user());
        if (server.password() != null) {
            dataSource.setPassword(server.password());
        }
        dataSource.setCurrentSchema(schema);
        return new EmptyDatabase(DatabaseKind.POSTGRESQL, dataSource, server.url(postgresDatabase) + " schema " + schema);
    }

    private void requireRegistered() {
        if (className == null) {
            throw new IllegalStateException("TestDatabases must be a static field annotated @RegisterExtension");
        }
    }
}
