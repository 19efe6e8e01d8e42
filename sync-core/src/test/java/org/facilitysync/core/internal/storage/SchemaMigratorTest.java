package org.facilitysync.core.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.core.testsupport.TestDatabases.EmptyDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaMigratorTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migrationsApplyInOrderToAnEmptyDatabase(DatabaseKind kind) {
        Database database = databases.openUnmigrated(databases.empty(kind));
        MigrationCatalog catalog = MigrationCatalog.load(database.dialect().name());
        SchemaMigrator migrator = new SchemaMigrator(database, catalog);
        assertEquals(0, migrator.currentVersion());

        List<Migration> applied = migrator.migrate();

        assertEquals(catalog.migrations(), applied);
        assertEquals(catalog.latestVersion(), migrator.currentVersion());
        List<String> recorded = recorded(database);
        List<String> expected = new ArrayList<>();
        catalog.migrations().forEach(m -> expected.add(m.version() + "|" + m.description() + "|" + m.checksum()));
        assertEquals(expected, recorded);
        boolean storeExists = database.read(tx -> tx.dialect().tableExists(tx.connection(), "morango_store"));
        assertTrue(storeExists);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void startingAgainChangesNothing(DatabaseKind kind) {
        EmptyDatabase empty = databases.empty(kind);
        Database first = databases.open(empty, empty.dialect());
        String before = SchemaSnapshot.of(first) + recordedWithTimes(first);
        first.close();

        Database second = databases.open(empty, empty.dialect());
        List<Migration> appliedAgain = new SchemaMigrator(second, MigrationCatalog.load(kind(second))).migrate();

        assertEquals(List.of(), appliedAgain);
        assertEquals(before, SchemaSnapshot.of(second) + recordedWithTimes(second));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDatabaseOfANewerSchemaIsRefusedAndLeftAsItWas(DatabaseKind kind) {
        EmptyDatabase empty = databases.empty(kind);
        Database database = databases.open(empty, empty.dialect());
        int latest = MigrationCatalog.load(kind(database)).latestVersion();
        int newer = latest + 3;
        database.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepare("INSERT INTO fs_schema_version"
                    + " (version, description, applied_at, checksum) VALUES (?, 'from the future', ?, ?)")) {
                insert.setInt(1, newer);
                tx.dialect().setInstant(insert, 2, java.time.Instant.now());
                insert.setString(3, "0".repeat(64));
                insert.executeUpdate();
            }
            return null;
        });
        String before = SchemaSnapshot.of(database) + recordedWithTimes(database);
        database.close();

        SchemaRefusedException refused = assertThrows(SchemaRefusedException.class,
                () -> DatabaseStartup.open(empty.dataSource(), empty.dialect(), empty.location(), 2));

        assertEquals("database " + empty.location() + " has schema version " + newer
                + "; this facilitysync knows versions up to " + latest
                + ": upgrade facilitysync or use another database", refused.getMessage());
        Database inspect = databases.openUnmigrated(empty);
        assertEquals(before, SchemaSnapshot.of(inspect) + recordedWithTimes(inspect));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aMigrationChangedAfterItWasAppliedIsRefusedByName(DatabaseKind kind) {
        EmptyDatabase empty = databases.empty(kind);
        Database database = databases.open(empty, empty.dialect());
        database.inTransaction(tx -> tx.update("UPDATE fs_schema_version SET checksum = ? WHERE version = 1",
                "f".repeat(64)));
        String before = SchemaSnapshot.of(database) + recordedWithTimes(database);

        SchemaRefusedException refused = assertThrows(SchemaRefusedException.class,
                () -> new SchemaMigrator(database, MigrationCatalog.load(kind(database))).migrate());

        assertTrue(refused.getMessage().startsWith("database " + empty.location()
                + " records schema migration V1__morango_tables.sql"), refused.getMessage());
        assertTrue(refused.getMessage().contains("with checksum " + "f".repeat(64)), refused.getMessage());
        assertTrue(refused.getMessage().contains("the migration was changed after it was applied"),
                refused.getMessage());
        assertEquals(before, SchemaSnapshot.of(database) + recordedWithTimes(database));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void nodesStartingTogetherApplyEachMigrationOnce(DatabaseKind kind) throws Exception {
        EmptyDatabase empty = databases.empty(kind);
        Database one = databases.openUnmigrated(empty);
        Database two = databases.openUnmigrated(empty);
        MigrationCatalog catalog = MigrationCatalog.load(kind(one));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<Migration>> migrateOne = () -> new SchemaMigrator(one, catalog).migrate();
            Callable<List<Migration>> migrateTwo = () -> new SchemaMigrator(two, catalog).migrate();
            Future<List<Migration>> first = pool.submit(migrateOne);
            Future<List<Migration>> second = pool.submit(migrateTwo);
            int appliedInAll = first.get().size() + second.get().size();
            assertEquals(catalog.latestVersion(), appliedInAll);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(catalog.latestVersion(), recorded(one).size());
    }

    private static String kind(Database database) {
        return database.dialect().name();
    }

    private static List<String> recorded(Database database) {
        return database.read(tx -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement query = tx.prepare(
                    "SELECT version, description, checksum FROM fs_schema_version ORDER BY version");
                 ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getInt(1) + "|" + result.getString(2) + "|" + result.getString(3));
                }
            }
            return rows;
        });
    }

    private static String recordedWithTimes(Database database) {
        return database.read(tx -> {
            StringBuilder rows = new StringBuilder();
            try (PreparedStatement query = tx.prepare("SELECT * FROM fs_schema_version ORDER BY version");
                 ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.append(result.getInt("version")).append('|').append(result.getString("checksum"))
                            .append('|').append(tx.dialect().getInstant(result, "applied_at")).append('\n');
                }
            }
            return rows.toString();
        });
    }
}
