package org.facilitysync.core.internal.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema to this build's newest version, or refuses it without changing anything.
 *
 * <p>What was applied is recorded in {@value #VERSION_TABLE} (version, description, applied_at,
 * checksum). First, in a read-only pass, the record is checked against this build's migrations: a
 * version newer than any this build knows, a version it does not know, or a checksum that differs from
 * the file's refuses the database. Then every missing migration is applied in its own transaction,
 * together with its record row, so a crash leaves the schema at a recorded version. Concurrent starts
 * on one database are serialized (PostgreSQL advisory lock, SQLite write lock), and a migration another
 * process applied meanwhile is not applied again.
 */
public final class SchemaMigrator {

    /** The table that records applied migrations. */
    public static final String VERSION_TABLE = "fs_schema_version";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final Database database;
    private final MigrationCatalog catalog;

    public SchemaMigrator(Database database, MigrationCatalog catalog) {
        if (!database.dialect().name().equals(catalog.dialect())) {
            throw new IllegalArgumentException("migrations for " + catalog.dialect() + " cannot be applied to "
                    + database);
        }
        this.database = database;
        this.catalog = catalog;
    }

    /**
     * Applies the missing migrations.
     *
     * @return the migrations applied now, in order; empty when the schema was already current
     * @throws SchemaRefusedException when the database cannot be used by this build (nothing was changed)
     * @throws StorageException when a migration failed (its transaction was rolled back)
     */
    public List<Migration> migrate() {
        Map<Integer, AppliedMigration> applied = database.read(tx -> recorded(tx));
        verify(applied);
        List<Migration> appliedNow = new ArrayList<>();
        for (Migration migration : catalog.migrations()) {
            if (applied.containsKey(migration.version())) {
                continue;
            }
            if (apply(migration)) {
                appliedNow.add(migration);
            }
        }
        return appliedNow;
    }

    /** The version the database is at: the highest recorded, or 0 when nothing was applied. */
    public int currentVersion() {
        return database.read(tx -> recorded(tx)).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private boolean apply(Migration migration) {
        return database.inTransaction(tx -> {
            tx.dialect().lockForMigration(tx.connection());
            createVersionTable(tx);
            Map<Integer, AppliedMigration> applied = recorded(tx);
            if (applied.containsKey(migration.version())) {
                // Another process applied it while we waited for the lock; check it is ours.
                verify(applied);
                return false;
            }
            int expected = migration.version() - 1;
            int highest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (highest != expected) {
                throw new SchemaRefusedException("database " + database.location() + " is at schema version "
                        + highest + " where " + expected + " was expected before " + migration.fileName());
            }
            try (Statement statement = tx.connection().createStatement()) {
                for (String sql : migration.statements()) {
                    try {
                        statement.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("migration " + migration.resource() + " failed at statement '"
                                + abbreviate(sql) + "': " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                    }
                }
            }
            try (PreparedStatement record = tx.prepare("INSERT INTO " + VERSION_TABLE
                    + " (version, description, applied_at, checksum) VALUES (?, ?, ?, ?)")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.description());
                tx.dialect().setInstant(record, 3, Instant.now());
                record.setString(4, migration.checksum());
                record.executeUpdate();
            }
            LOG.info("Database {}: applied schema migration {} ({})", database.location(), migration.fileName(),
                    migration.description());
            return true;
        });
    }

    /** Refuses a record this build cannot stand behind; see the class comment. */
    private void verify(Map<Integer, AppliedMigration> applied) {
        int latest = catalog.latestVersion();
        int highest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (highest > latest) {
            throw new SchemaRefusedException("database " + database.location() + " has schema version " + highest
                    + "; this facilitysync knows versions up to " + latest
                    + ": upgrade facilitysync or use another database");
        }
        for (AppliedMigration row : applied.values()) {
            Migration known = catalog.migration(row.version);
            if (!known.checksum().equals(row.checksum)) {
                throw new SchemaRefusedException("database " + database.location() + " records schema migration "
                        + known.fileName() + " (applied " + row.appliedAt + ") with checksum " + row.checksum
                        + ", but this facilitysync's " + known.resource() + " has checksum " + known.checksum()
                        + ": the migration was changed after it was applied; restore its original text or use"
                        + " another database");
            }
        }
    }

    private Map<Integer, AppliedMigration> recorded(Transaction tx) throws SQLException {
        Map<Integer, AppliedMigration> applied = new TreeMap<>();
        if (!tx.dialect().tableExists(tx.connection(), VERSION_TABLE)) {
            return applied;
        }
        try (PreparedStatement query = tx.prepare(
                "SELECT version, checksum, applied_at FROM " + VERSION_TABLE + " ORDER BY version");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                int version = rows.getInt("version");
                if (version < 1) {
                    throw new SchemaRefusedException("database " + database.location() + " records schema version "
                            + version + ", which no facilitysync ever had");
                }
                applied.put(version, new AppliedMigration(version, rows.getString("checksum"),
                        tx.dialect().getInstant(rows, "applied_at")));
            }
        }
        return applied;
    }

    private static void createVersionTable(Transaction tx) throws SQLException {
        try (Statement statement = tx.connection().createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                    + "version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, "
                    + "applied_at " + tx.dialect().timestampType() + " NOT NULL, "
                    + "checksum CHAR(64) NOT NULL)");
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    private record AppliedMigration(int version, String checksum, Instant appliedAt) {
    }
}
