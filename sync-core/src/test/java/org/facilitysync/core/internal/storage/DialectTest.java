package org.facilitysync.core.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DialectTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String INSTANCE = "11111111111111111111111111111111";

    @Test
    void likePatternsEscapeWildcardsAndTheEscapeCharacter() {
        assertEquals("abc%", Dialect.likePrefixPattern("abc"));
        assertEquals("a\\_b\\%c\\\\%", Dialect.likePrefixPattern("a_b%c\\"));
        assertEquals("%", Dialect.likePrefixPattern(""));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void startsWithMatchesPrefixesLiterallyAndCaseSensitively(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        List<String> partitions = List.of("a_b", "axb", "a%c", "abc", "a\\d", "ABC", "a", "");
        database.inTransaction(tx -> {
            for (String partition : partitions) {
                insertStore(tx, InstanceIdStore.randomId(), partition);
            }
            return null;
        });

        assertEquals(List.of("a_b"), partitionsStartingWith(database, "a_"));
        assertEquals(List.of("a%c"), partitionsStartingWith(database, "a%"));
        assertEquals(List.of("a\\d"), partitionsStartingWith(database, "a\\"));
        assertEquals(List.of("abc"), partitionsStartingWith(database, "ab"));
        assertEquals(List.of("ABC"), partitionsStartingWith(database, "AB"));
        assertEquals(List.of("a", "a%c", "a\\d", "a_b", "abc", "axb"), partitionsStartingWith(database, "a"));
        assertEquals(partitions.size(), partitionsStartingWith(database, "").size());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void isPrefixOfFindsTheCountersOfEveryEnclosingPartition(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        database.inTransaction(tx -> {
            for (String partition : List.of("", "ds", "ds:user", "ds:user:u1", "ds:user:u2", "d_", "DS")) {
                tx.update("INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, ?, 1)",
                        INSTANCE, partition);
            }
            return null;
        });

        List<String> enclosing = database.read(tx -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT partition FROM morango_databasemaxcounter WHERE "
                    + tx.dialect().isPrefixOf("partition"))) {
                query.setString(1, "ds:user:u1:interaction");
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            found.sort(null);
            return found;
        });

        assertEquals(List.of("", "ds", "ds:user", "ds:user:u1"), enclosing);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void upsertWithGreatestNeverLowersACounter(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        Dialect dialect = database.dialect();
        String sql = dialect.upsert("morango_databasemaxcounter", List.of("instance_id", "partition", "counter"),
                List.of("instance_id", "partition"), List.of());
        String raise = sql.replace("DO NOTHING", "DO UPDATE SET counter = "
                + dialect.greatest("morango_databasemaxcounter.counter", "excluded.counter"));

        for (long counter : new long[] {5, 3, 9, 7}) {
            database.inTransaction(tx -> tx.update(raise, INSTANCE, "ds", counter));
        }
        database.inTransaction(tx -> tx.update(sql, INSTANCE, "ds", 1L));

        long stored = database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT counter FROM morango_databasemaxcounter");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        assertEquals(9, stored);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void booleanLiteralsCompareWithBoundBooleans(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        database.inTransaction(tx -> {
            String id = InstanceIdStore.randomId();
            insertStore(tx, id, "p");
            return tx.update("UPDATE morango_store SET dirty_bit = ? WHERE id = ?", true, id);
        });
        database.inTransaction(tx -> insertStore(tx, InstanceIdStore.randomId(), "q"));

        Dialect dialect = database.dialect();
        assertEquals(1, count(database, "SELECT count(*) FROM morango_store WHERE dirty_bit = "
                + dialect.booleanLiteral(true)));
        assertEquals(1, count(database, "SELECT count(*) FROM morango_store WHERE dirty_bit = "
                + dialect.booleanLiteral(false)));
        assertEquals(1, count(database, "SELECT count(*) FROM morango_store WHERE dirty_bit"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void multiRowInsertsAndBindLimitsAreWhatTheDatabaseAccepts(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        Dialect dialect = database.dialect();
        List<String> columns = List.of("id", "profile");
        int rows = dialect.rowsPerInsert(columns.size());
        assertEquals(Dialect.MAX_ROWS_PER_INSERT, rows);

        database.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepare(dialect.insertRows("morango_deletedmodels", columns, rows))) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(2 * i + 1, InstanceIdStore.randomId());
                    insert.setString(2 * i + 2, "facilitydata");
                }
                return insert.executeUpdate();
            }
        });
        assertEquals(rows, count(database, "SELECT count(*) FROM morango_deletedmodels"));

        int parameters = dialect.maxBindParameters();
        long matched = database.read(tx -> {
            String sql = "SELECT count(*) FROM morango_deletedmodels WHERE id IN (" + "?, ".repeat(parameters - 1) + "?)";
            try (PreparedStatement query = tx.prepare(sql)) {
                for (int i = 1; i <= parameters; i++) {
                    query.setString(i, "x");
                }
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
        assertEquals(0, matched);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void instantsRoundTripAtMicrosecondsAndSortInTimeOrder(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        Instant early = Instant.parse("2026-11-22T18:05:35.938496789Z");
        Instant late = Instant.parse("2026-11-22T18:05:36Z");
        database.inTransaction(tx -> {
            for (Object[] nonce : new Object[][] {{"b", late}, {"a", early}}) {
                try (PreparedStatement insert = tx.prepare("INSERT INTO morango_nonce (id, timestamp, ip) VALUES (?, ?, '')")) {
                    insert.setString(1, ((String) nonce[0]).repeat(32));
                    tx.dialect().setInstant(insert, 2, (Instant) nonce[1]);
                    insert.executeUpdate();
                }
            }
            return null;
        });

        List<Instant> read = database.read(tx -> {
            List<Instant> times = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT timestamp FROM morango_nonce WHERE timestamp >= ?"
                    + " ORDER BY timestamp")) {
                tx.dialect().setInstant(query, 1, early);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        times.add(tx.dialect().getInstant(rows, "timestamp"));
                    }
                }
            }
            return times;
        });

        assertEquals(List.of(Instant.parse("2026-11-22T18:05:35.938496Z"), late), read);
        Instant missing = database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT CAST(NULL AS " + tx.dialect().timestampType() + ") AS t");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return tx.dialect().getInstant(rows, "t");
            }
        });
        assertNull(missing);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void autoIncrementKeysGrowInInsertionOrder(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        List<Long> ids = database.inTransaction(tx -> {
            tx.update("CREATE TABLE probe (id " + tx.dialect().autoIncrementPrimaryKey() + ", label TEXT NOT NULL)");
            List<Long> keys = new ArrayList<>();
            for (String label : List.of("z", "a", "m")) {
                try (PreparedStatement insert = tx.prepare("INSERT INTO probe (label) VALUES (?) RETURNING id")) {
                    insert.setString(1, label);
                    try (ResultSet key = insert.executeQuery()) {
                        key.next();
                        keys.add(key.getLong(1));
                    }
                }
            }
            return keys;
        });
        assertTrue(ids.get(0) < ids.get(1) && ids.get(1) < ids.get(2), ids.toString());
    }

    static int insertStore(Transaction tx, String id, String partition) throws java.sql.SQLException {
        return tx.update("INSERT INTO morango_store (id, profile, serialized, last_saved_instance, last_saved_counter,"
                        + " partition, source_id, model_name) VALUES (?, 'facilitydata', '{}', ?, 1, ?, 's', 'user')",
                id, INSTANCE, partition);
    }

    static long count(Database database, String sql) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static List<String> partitionsStartingWith(Database database, String prefix) {
        return database.read(tx -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT partition FROM morango_store WHERE "
                    + tx.dialect().startsWith("partition"))) {
                query.setString(1, Dialect.likePrefixPattern(prefix));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            // Sorted here: the server's collation may order punctuation differently.
            found.sort(null);
            return found;
        });
    }
}
