package org.facilitysync.core.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.facilitysync.core.testsupport.ComponentProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the component makes of its configuration, and what it logs when a value is wrong. */
class StorageSettingsTest {

    @TempDir
    Path home;

    @Test
    void withoutConfigurationTheNodeUsesSqliteInItsHome() throws Exception {
        StorageSettings settings = StorageSettings.from(config(Map.of()), home);

        assertEquals(StorageSettings.Type.SQLITE, settings.type());
        assertEquals(home.resolve("data/node.sqlite").toAbsolutePath(), settings.sqlitePath());
        assertTrue(Files.isDirectory(home.resolve("data")));
        assertInstanceOf(SqliteDialect.class, settings.dialect());
        assertEquals("org.sqlite.JDBC", settings.type().driverClass());
        assertEquals("jdbc:sqlite:" + home.resolve("data/node.sqlite").toAbsolutePath(),
                settings.dataSourceProperties().getProperty("url"));
    }

    @Test
    void aRelativeSqlitePathLivesInTheHome() throws Exception {
        StorageSettings settings = StorageSettings.from(config(Map.of("type", " sqlite ", "sqlite.path", "db/hub.sqlite")),
                home);

        assertEquals(home.resolve("db/hub.sqlite").toAbsolutePath(), settings.sqlitePath());
        assertEquals(settings.sqlitePath().toString(), settings.location());
    }

    @Test
    void postgresqlTakesItsUrlUserPasswordAndPoolSize() throws Exception {
        StorageSettings settings = StorageSettings.from(config(Map.of("type", "postgresql",
                "postgresql.url", "jdbc:postgresql://db.example:5432/hub?sslmode=require",
                "postgresql.user", "facilitysync", ".postgresql.password", "s3cret", "postgresql.pool.size", "12")),
                home);

        assertInstanceOf(PostgresDialect.class, settings.dialect());
        assertEquals("org.postgresql.Driver", settings.type().driverClass());
        assertEquals(12, settings.poolSize());
        assertEquals("jdbc:postgresql://db.example:5432/hub", settings.location());
        Properties properties = settings.dataSourceProperties();
        assertEquals("jdbc:postgresql://db.example:5432/hub?sslmode=require", properties.getProperty("url"));
        assertEquals("facilitysync", properties.getProperty("user"));
        assertEquals("s3cret", properties.getProperty("password"));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertEquals(StorageSettings.DEFAULT_POOL_SIZE, StorageSettings.from(config(Map.of("type", "postgresql",
                "postgresql.url", "jdbc:postgresql://localhost/hub")), home).poolSize());
    }

    @Test
    void anUnknownTypeIsNamedWithItsKey() {
        assertEquals("configuration org.facilitysync.storage: type = 'oracle' is not a database type: use sqlite"
                + " (embedded file) or postgresql (server)", invalid(Map.of("type", "oracle")).getMessage());
    }

    @Test
    void postgresqlWithoutAUrlIsRefused() {
        InvalidStorageConfigurationException empty = invalid(Map.of("type", "postgresql", "postgresql.url", " ",
                ".postgresql.password", "s3cret"));
        InvalidStorageConfigurationException missing = invalid(Map.of("type", "postgresql"));

        assertEquals("postgresql.url", empty.key());
        assertEquals("configuration org.facilitysync.storage: postgresql.url = '' is empty, but type = postgresql"
                + " needs it: set it to jdbc:postgresql://<host>:5432/<database>", empty.getMessage());
        assertEquals(empty.getMessage(), missing.getMessage());
        assertFalse(empty.getMessage().contains("s3cret"));
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithoutItsParameters() {
        InvalidStorageConfigurationException wrong = invalid(Map.of("type", "postgresql",
                "postgresql.url", "jdbc:mysql://db/hub?password=s3cret"));

        assertEquals("configuration org.facilitysync.storage: postgresql.url = 'jdbc:mysql://db/hub' is not a"
                + " PostgreSQL JDBC URL: it must start with jdbc:postgresql:", wrong.getMessage());
    }

    @Test
    void anUnwritableSqlitePathIsRefused() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-folder"), "");
        InvalidStorageConfigurationException underAFile = invalid(Map.of("sqlite.path", file + "/node.sqlite"));
        InvalidStorageConfigurationException aFolder = invalid(Map.of("sqlite.path", home.toString()));

        assertEquals("sqlite.path", underAFile.key());
        assertTrue(underAFile.getMessage().startsWith("configuration org.facilitysync.storage: sqlite.path = '"
                + file + "/node.sqlite' cannot be created: its folder " + file + " cannot be made"),
                underAFile.getMessage());
        assertEquals("configuration org.facilitysync.storage: sqlite.path = '" + home + "' is a directory, not a"
                + " database file", aFolder.getMessage());
    }

    @Test
    void aDefaultSqlitePathNeedsAHome() throws Exception {
        InvalidStorageConfigurationException noHome = assertThrows(InvalidStorageConfigurationException.class,
                () -> StorageSettings.from(config(Map.of()), null));

        assertTrue(noHome.getMessage().startsWith("configuration org.facilitysync.storage: sqlite.path = '' is empty,"
                + " and neither the framework property facilitysync.home nor a bundle data area gives a default"),
                noHome.getMessage());
        Path absolute = home.resolve("elsewhere.sqlite").toAbsolutePath();
        assertEquals(absolute, StorageSettings.from(config(Map.of("sqlite.path", absolute.toString())), null).sqlitePath());
    }

    @Test
    void aPoolSizeMustBeAWholeNumberInRange() {
        Map<String, Object> base = Map.of("type", "postgresql", "postgresql.url", "jdbc:postgresql://localhost/hub");

        assertEquals("configuration org.facilitysync.storage: postgresql.pool.size = 'many' is not a whole number",
                invalid(with(base, "postgresql.pool.size", "many")).getMessage());
        assertEquals("configuration org.facilitysync.storage: postgresql.pool.size = '0' is out of range: use 1 to 64",
                invalid(with(base, "postgresql.pool.size", 0)).getMessage());
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        java.util.HashMap<String, Object> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    /** The configuration as SCR hands it to the component. */
    private static StorageConfiguration config(Map<String, ?> properties) {
        return ComponentProperties.of(StorageConfiguration.class, properties);
    }

    private InvalidStorageConfigurationException invalid(Map<String, ?> properties) {
        return assertThrows(InvalidStorageConfigurationException.class, () -> StorageSettings.from(config(properties), home));
    }
}
