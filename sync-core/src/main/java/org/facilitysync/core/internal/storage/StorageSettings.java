package org.facilitysync.core.internal.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The storage configuration, checked: which database, where, and how to reach it.
 *
 * <p>Built from the typed configuration ({@link StorageConfiguration}), whose attributes are all Strings
 * so that a wrong value is reported exactly as the operator wrote it (SCR would read a pool size of
 * {@code 12x} as 0). The key constants below name the attributes in messages. The password is kept out of
 * {@link #toString()}, {@link #location()} and every message.
 */
public final class StorageSettings {

    /** The configuration PID. */
    public static final String PID = "org.facilitysync.storage";

    public static final String TYPE = "type";
    public static final String SQLITE_PATH = "sqlite.path";
    public static final String POSTGRESQL_URL = "postgresql.url";
    public static final String POSTGRESQL_POOL_SIZE = "postgresql.pool.size";

    public static final int DEFAULT_POOL_SIZE = 8;
    static final int MAX_POOL_SIZE = 64;

    /** The database kinds. */
    public enum Type {
        SQLITE("sqlite", SqliteDialect.DRIVER_CLASS),
        POSTGRESQL("postgresql", PostgresDialect.DRIVER_CLASS);

        private final String value;
        private final String driverClass;

        Type(String value, String driverClass) {
            this.value = value;
            this.driverClass = driverClass;
        }

        /** The configuration value. */
        public String value() {
            return value;
        }

        /** The {@code osgi.jdbc.driver.class} of the {@code DataSourceFactory} to use. */
        public String driverClass() {
            return driverClass;
        }
    }

    private final Type type;
    private final Path sqlitePath;
    private final String postgresqlUrl;
    private final String postgresqlUser;
    private final String postgresqlPassword;
    private final int poolSize;

    private StorageSettings(Type type, Path sqlitePath, String postgresqlUrl, String postgresqlUser,
                            String postgresqlPassword, int poolSize) {
        this.type = type;
        this.sqlitePath = sqlitePath;
        this.postgresqlUrl = postgresqlUrl;
        this.postgresqlUser = postgresqlUser;
        this.postgresqlPassword = postgresqlPassword;
        this.poolSize = poolSize;
    }

    /**
     * Checks the configuration.
     *
     * @param config     the configuration (absent keys take their defaults)
     * @param home       the node's home, against which the SQLite file is placed; null when there is none
     * @throws InvalidStorageConfigurationException naming the first key whose value cannot be used
     */
    static StorageSettings from(StorageConfiguration config, Path home) throws InvalidStorageConfigurationException {
        String typeValue = config.type().strip();
        Type type = switch (typeValue.toLowerCase(Locale.ROOT)) {
            case "sqlite" -> Type.SQLITE;
            case "postgresql" -> Type.POSTGRESQL;
            default -> throw new InvalidStorageConfigurationException(TYPE, typeValue,
                    "is not a database type: use sqlite (embedded file) or postgresql (server)");
        };
        if (type == Type.SQLITE) {
            return new StorageSettings(type, sqlitePath(config.sqlite_path().strip(), home), null, null, null,
                    DatabaseStartup.SQLITE_POOL_SIZE);
        }
        String url = config.postgresql_url().strip();
        if (url.isEmpty()) {
            throw new InvalidStorageConfigurationException(POSTGRESQL_URL, url,
                    "is empty, but type = postgresql needs it: set it to jdbc:postgresql://<host>:5432/<database>");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidStorageConfigurationException(POSTGRESQL_URL, withoutQuery(url),
                    "is not a PostgreSQL JDBC URL: it must start with jdbc:postgresql:");
        }
        return new StorageSettings(type, null, url, config.postgresql_user().strip(), config._postgresql_password(),
                poolSize(config.postgresql_pool_size()));
    }

    public Type type() {
        return type;
    }

    /** The dialect of this database type, with its defaults. */
    public Dialect dialect() {
        return type == Type.SQLITE ? new SqliteDialect() : new PostgresDialect();
    }

    /** The most connections to open at once. */
    public int poolSize() {
        return poolSize;
    }

    /** The SQLite file; null for PostgreSQL. */
    public Path sqlitePath() {
        return sqlitePath;
    }

    /** Where the database is, for logs and messages: the file, or the JDBC URL without its parameters. */
    public String location() {
        return type == Type.SQLITE ? sqlitePath.toString() : withoutQuery(postgresqlUrl);
    }

    /**
     * The properties to hand to the {@code DataSourceFactory} ({@code url}, {@code user},
     * {@code password}: the names of {@code DataSourceFactory.JDBC_URL} etc.).
     */
    public Properties dataSourceProperties() {
        Properties properties = new Properties();
        if (type == Type.SQLITE) {
            properties.setProperty("url", SqliteDialect.jdbcUrl(sqlitePath));
            return properties;
        }
        properties.setProperty("url", postgresqlUrl);
        if (!postgresqlUser.isEmpty()) {
            properties.setProperty("user", postgresqlUser);
        }
        if (!postgresqlPassword.isEmpty()) {
            properties.setProperty("password", postgresqlPassword);
        }
        return properties;
    }

    @Override
    public String toString() {
        return type == Type.SQLITE ? "sqlite " + sqlitePath
                : "postgresql " + location() + (postgresqlUser.isEmpty() ? "" : " as " + postgresqlUser)
                + (postgresqlPassword.isEmpty() ? "" : " (password set)") + ", " + poolSize + " connections";
    }

    private static Path sqlitePath(String configured, Path home) throws InvalidStorageConfigurationException {
        Path path;
        if (configured.isEmpty()) {
            if (home == null) {
                throw new InvalidStorageConfigurationException(SQLITE_PATH, configured, "is empty, and neither the"
                        + " framework property facilitysync.home nor a bundle data area gives a default: set it to"
                        + " the database file");
            }
            path = home.resolve("data").resolve("node.sqlite");
        } else {
            try {
                path = home == null ? Path.of(configured) : home.resolve(configured);
            } catch (InvalidPathException e) {
                throw new InvalidStorageConfigurationException(SQLITE_PATH, configured, "is not a valid path: "
                        + e.getReason());
            }
        }
        path = path.toAbsolutePath().normalize();
        String shown = configured.isEmpty() ? "(default " + path + ")" : configured;
        if (Files.isDirectory(path)) {
            throw new InvalidStorageConfigurationException(SQLITE_PATH, shown, "is a directory, not a database file");
        }
        if (Files.exists(path)) {
            if (!Files.isRegularFile(path) || !Files.isWritable(path)) {
                throw new InvalidStorageConfigurationException(SQLITE_PATH, shown, "is not a writable file");
            }
            return path;
        }
        Path folder = path.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new InvalidStorageConfigurationException(SQLITE_PATH, shown, "cannot be created: its folder "
                    + folder + " cannot be made (" + e + ")");
        }
        if (!Files.isWritable(folder)) {
            throw new InvalidStorageConfigurationException(SQLITE_PATH, shown, "cannot be created: its folder "
                    + folder + " is not writable");
        }
        return path;
    }

    private static int poolSize(String value) throws InvalidStorageConfigurationException {
        int size;
        try {
            size = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidStorageConfigurationException(POSTGRESQL_POOL_SIZE, value, "is not a whole number");
        }
        if (size < 1 || size > MAX_POOL_SIZE) {
            throw new InvalidStorageConfigurationException(POSTGRESQL_POOL_SIZE, value,
                    "is out of range: use 1 to " + MAX_POOL_SIZE);
        }
        return size;
    }

    /** The URL without its {@code ?...} parameters, where a password may hide. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
