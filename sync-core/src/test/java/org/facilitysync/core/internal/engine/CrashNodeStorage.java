package org.facilitysync.core.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.PostgresTestServer;

/**
 * Where {@link CrashResumeTest}'s nodes keep their data, for one kind of database: templates are made
 * once, and every case works on copies of them, which a child process opens by their location (see
 * {@link CrashChildMain#open(String, String)}).
 */
abstract class CrashNodeStorage implements AutoCloseable {

    static CrashNodeStorage of(DatabaseKind kind, Path folder) {
        return kind == DatabaseKind.SQLITE ? new Sqlite(folder) : new Postgres();
    }

    /** The location of a new, empty database. */
    abstract String create(String name);

    /** The location of a new database holding what {@code template} holds now (it must not be open). */
    abstract String copy(String template, String name);

    /** Removes a database a case is done with. */
    abstract void drop(String location);

    /** What a child process needs in its environment to reach these databases. */
    Map<String, String> childEnvironment() {
        return Map.of();
    }

    @Override
    public void close() {
    }

    /** SQLite files (with their write-ahead log) in a folder. */
    private static final class Sqlite extends CrashNodeStorage {

        private final Path folder;
        private int counter;

        Sqlite(Path folder) {
            this.folder = folder;
        }

        @Override
        String create(String name) {
            return folder.resolve(name + "-" + (++counter) + ".sqlite").toString();
        }

        @Override
        String copy(String template, String name) {
            String copy = create(name);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path from = Path.of(template + suffix);
                if (Files.exists(from)) {
                    try {
                        Files.copy(from, Path.of(copy + suffix), StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return copy;
        }

        @Override
        void drop(String location) {
            try {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(location + suffix));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Databases on the JVM's test PostgreSQL server; a copy is {@code CREATE DATABASE ... TEMPLATE}, which
     * copies the files and so costs about as little as copying a SQLite file.
     */
    private static final class Postgres extends CrashNodeStorage {

        private final PostgresTestServer server = PostgresTestServer.get();
        private final String prefix = "crash_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        private final List<String> created = new ArrayList<>();
        private int counter;

        @Override
        String create(String name) {
            return make(name, "");
        }

        @Override
        String copy(String template, String name) {
            return make(name, " TEMPLATE " + databaseOf(template));
        }

        private String make(String name, String template) {
            String database = prefix + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_" + (++counter);
            // A template still in use by a backend that is just going away (a closed pool, a killed child)
            // is refused for a moment: "source database ... is being accessed by other users".
            for (int attempt = 1; ; attempt++) {
                try {
                    server.createDatabase(database + template);
                    break;
                } catch (SQLException e) {
                    if (attempt >= 50 || !String.valueOf(e.getMessage()).contains("being accessed by other users")) {
                        throw new IllegalStateException("cannot create database " + database + template + " on "
                                + server, e);
                    }
                    sleep(100);
                }
            }
            synchronized (created) {
                created.add(database);
            }
            return CrashChildMain.POSTGRESQL_PREFIX + database;
        }

        @Override
        void drop(String location) {
            String database = databaseOf(location);
            try {
                server.dropDatabase(database);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop database " + database + " on " + server, e);
            }
            synchronized (created) {
                created.remove(database);
            }
        }

        @Override
        Map<String, String> childEnvironment() {
            Map<String, String> environment = new HashMap<>();
            environment.put(PostgresTestServer.URL_VARIABLE, server.url(""));
            environment.put(PostgresTestServer.USER_VARIABLE, server.user());
            if (server.password() != null) {
                environment.put(PostgresTestServer.PASSWORD_VARIABLE, server.password());
            }
            return environment;
        }

        @Override
        public void close() {
            List<String> left;
            synchronized (created) {
                left = List.copyOf(created);
            }
            for (String database : left) {
                drop(CrashChildMain.POSTGRESQL_PREFIX + database);
            }
        }

        private static String databaseOf(String location) {
            if (!location.startsWith(CrashChildMain.POSTGRESQL_PREFIX)) {
                throw new IllegalArgumentException("not a PostgreSQL location: " + location);
            }
            return location.substring(CrashChildMain.POSTGRESQL_PREFIX.length());
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
