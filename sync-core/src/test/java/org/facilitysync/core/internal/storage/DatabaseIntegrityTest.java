package org.facilitysync.core.internal.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A damaged SQLite file, or a file that is no database, is named when the node opens it and is left
 * exactly as it was; a sound one opens as before.
 */
class DatabaseIntegrityTest {

    @TempDir
    Path dir;

    @Test
    void aFileWhoseEngineTablePagesAreOverwrittenIsRefusedByNameAndLeftUnchanged() throws Exception {
        Path file = dir.resolve("node.sqlite");
        fillStore(file, 400);
        long page = rootPage(file, "morango_store");
        overwritePage(file, page);
        byte[] before = Files.readAllBytes(file);

        CorruptDatabaseException refused = assertThrows(CorruptDatabaseException.class, () -> open(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("damaged"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the damaged file is not written to");
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedByName() throws Exception {
        Path file = dir.resolve("node.sqlite");
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        CorruptDatabaseException refused = assertThrows(CorruptDatabaseException.class, () -> open(file));

        assertTrue(refused.getMessage().contains(file.toString()) && refused.getMessage().contains("not a SQLite database"),
                refused.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(file), "the file is not written to");
    }

    @Test
    void aSoundFileOpensAndKeepsItsRecords() throws Exception {
        Path file = dir.resolve("node.sqlite");
        fillStore(file, 50);
        try (Database database = open(file)) {
            assertEquals(50, (long) database.read(t -> {
                try (Statement s = t.connection().createStatement();
                        ResultSet rows = s.executeQuery("SELECT count(*) FROM morango_store")) {
                    rows.next();
                    return rows.getLong(1);
                }
            }));
        }
    }

    private static Database open(Path file) {
        return DatabaseStartup.open(dataSource(file), new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE);
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        return dataSource;
    }

    /** A migrated database with {@code records} store rows, its WAL folded into the file. */
    private static void fillStore(Path file, int records) throws Exception {
        try (Database database = open(file)) {
            database.inTransaction(t -> t.update("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < ?) INSERT INTO morango_store (id, profile, serialized, last_saved_instance,"
                    + " last_saved_counter, partition, source_id, model_name) SELECT printf('%032x', i),"
                    + " 'facilitydata', printf('{\"n\": %d, \"pad\": \"%s\"}', i, hex(randomblob(100))),"
                    + " 'instance', i, 'partition', printf('%d', i), 'facility' FROM n", records));
        }
        try (Connection c = dataSource(file).getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private static long rootPage(Path file, String table) throws Exception {
        try (Connection c = dataSource(file).getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'")) {
            assertTrue(rows.next(), "table " + table + " exists");
            return rows.getLong(1);
        }
    }

    private static void overwritePage(Path file, long page) throws IOException {
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek((page - 1) * 4096L);
            raf.write(noise);
        }
    }
}
