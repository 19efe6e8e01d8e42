package org.facilitysync.launcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The floor a sync's writes are measured against (issue #12): the rows a receiver ended up with, written
 * into a fresh SQLite file with the same tables and indexes (WAL, as a node runs it), in one transaction
 * of plain {@code INSERT ... SELECT} from the receiver's file. No sync bookkeeping, no JSON, no JDBC per
 * row: the least any way of storing those rows can write, so "sync time / baseline" says how far a sync
 * is from the speed of the disk.
 */
public final class RawSqliteBaseline {

    /** What the baseline wrote and how long it took. */
    public record Result(long rows, long storeRows, double seconds, long bytes) {

        public String describe(double syncSeconds) {
            return String.format(Locale.ROOT, "raw SQLite baseline: %,d rows (%,d store records) into a fresh file with"
                    + " the same indexes in %.2f s, file %,d MiB; sync/baseline %.1fx", rows, storeRows, seconds, bytes >> 20,
                    syncSeconds / Math.max(seconds, 1e-9));
        }
    }

    private final Driver driver;

    public RawSqliteBaseline(Driver driver) {
        this.driver = driver;
    }

    /** A baseline over the SQLite JDBC driver jar of a distribution ({@code bundle/sqlite-jdbc-*.jar}). */
    static RawSqliteBaseline fromDistribution(Path dist) throws IOException, ReflectiveOperationException {
        Path jar;
        try (var jars = Files.list(dist.resolve("bundle"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("sqlite-jdbc-")).findFirst()
                    .orElseThrow(() -> new IOException("no sqlite-jdbc jar in " + dist.resolve("bundle")));
        }
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, RawSqliteBaseline.class.getClassLoader());
        return new RawSqliteBaseline((Driver) loader.loadClass("org.sqlite.JDBC").getDeclaredConstructor().newInstance());
    }

    /** Copies every row of {@code source} into a new file {@code target} (replaced if present). */
    public Result measure(Path source, Path target) throws SQLException, IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(target + suffix));
        }
        try (Connection connection = driver.connect("jdbc:sqlite:" + target.toAbsolutePath(), new Properties());
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("ATTACH DATABASE '" + source.toAbsolutePath().toString().replace("'", "''") + "' AS src");
            List<String> tables = new ArrayList<>();
            List<String> schema = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END")) {
                while (rows.next()) {
                    schema.add(rows.getString(3));
                    if (rows.getString(1).equals("table")) {
                        tables.add(rows.getString(2));
                    }
                }
            }
            for (String sql : schema) {
                statement.execute(sql);
            }
            long start = System.nanoTime();
            long rows = 0;
            statement.execute("BEGIN IMMEDIATE");
            for (String table : tables) {
                rows += statement.executeUpdate("INSERT INTO main.\"" + table + "\" SELECT * FROM src.\"" + table + "\"");
            }
            statement.execute("COMMIT");
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            double seconds = (System.nanoTime() - start) / 1e9;
            long storeRows;
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM main.morango_store")) {
                count.next();
                storeRows = count.getLong(1);
            }
            statement.execute("DETACH DATABASE src");
            return new Result(rows, storeRows, seconds, Files.size(target));
        }
    }
}
