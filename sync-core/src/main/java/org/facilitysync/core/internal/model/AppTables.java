package org.facilitysync.core.internal.model;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and extends the application tables, at runtime: models come and go with bundles, so their
 * tables cannot be versioned migrations.
 *
 * <p>A table is {@code id} (primary key), {@code _morango_source_id}, {@code _morango_partition},
 * {@code _morango_dirty_bit}, then one column per field. A field added to a model later becomes an
 * {@code ADD COLUMN}; nothing is ever dropped or retyped (records already stored stay readable when a
 * bundle goes back to an older model). Field columns are nullable in SQL so that a required field can be
 * added to a table that has rows; required values are enforced by the records API.
 *
 * <p>Indexes: the dirty rows by partition, partial ({@code WHERE _morango_dirty_bit}), so that a
 * serialization pass reads only what changed; every row by partition; every foreign key (cascading
 * deletes look rows up by it); every field the model declares indexed (lookups by value). On
 * PostgreSQL partitions are indexed with {@code text_pattern_ops} so that prefix matching uses them
 * whatever the database's collation.
 */
public final class AppTables {

    private static final Logger LOG = LoggerFactory.getLogger(AppTables.class);

    /** The PostgreSQL advisory lock key under which nodes provision application tables one at a time. */
    private static final int PROVISIONING_LOCK = 0x46534154; // "FSAT"

    private final Database database;

    public AppTables(Database database) {
        this.database = database;
    }

    /** Makes the model's table exist with every field's column and the indexes; idempotent. */
    public void provision(RegisteredModel model) {
        database.inTransaction(tx -> {
            provision(tx, model);
            return null;
        });
    }

    /** {@link #provision(RegisteredModel)} inside the caller's transaction. */
    public static void provision(Transaction tx, RegisteredModel model) throws SQLException {
        Dialect dialect = tx.dialect();
        String table = model.table();
        StringJoiner columns = new StringJoiner(",\n    ", "CREATE TABLE IF NOT EXISTS " + table + " (\n    ", "\n)");
        columns.add("id VARCHAR(32) NOT NULL PRIMARY KEY");
        columns.add("_morango_source_id VARCHAR(96) NOT NULL");
        columns.add("_morango_partition TEXT NOT NULL");
        columns.add("_morango_dirty_bit BOOLEAN NOT NULL DEFAULT " + dialect.booleanLiteral(true));
        for (ModelField field : model.fields()) {
            columns.add(SqlNames.column(field.name()) + " " + AppColumns.sqlType(field.type(), dialect));
        }
        try (Statement statement = tx.connection().createStatement()) {
            if ("postgresql".equals(dialect.name())) {
                // The nodes of a hub tier start together and provision the same tables: PostgreSQL's
                // CREATE ... IF NOT EXISTS is not safe against a concurrent one, so they take turns.
                statement.execute("SELECT pg_advisory_xact_lock(" + PROVISIONING_LOCK + ", 1)");
            }
            statement.execute(columns.toString());
            Set<String> existing = existingColumns(statement, table);
            for (ModelField field : model.fields()) {
                if (!existing.contains(field.name())) {
                    statement.execute("ALTER TABLE " + table + " ADD COLUMN " + SqlNames.column(field.name()) + " "
                            + AppColumns.sqlType(field.type(), dialect));
                    LOG.info("Added column {} to table {} of {}", field.name(), table, model);
                }
            }
            String partition = "postgresql".equals(dialect.name()) ? "_morango_partition text_pattern_ops"
                    : "_morango_partition";
            statement.execute("CREATE INDEX IF NOT EXISTS " + SqlNames.index(table, "dirty") + " ON " + table
                    + " (" + partition + ") WHERE _morango_dirty_bit");
            // No index on the whole partition column: the only partition query on an app table is the
            // serializer's, for dirty rows, which the partial index above answers. A full index cost a
            // random-position insert per record written (the partitions of consecutive records differ),
            // on every application write and every deserialized record. Tables made before drop it.
            statement.execute("DROP INDEX IF EXISTS " + SqlNames.index(table, "partition"));
            for (ModelField field : model.references()) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + SqlNames.index(table, field.name()) + " ON "
                        + table + " (" + SqlNames.column(field.name()) + ")");
            }
            // Fields records are looked up by (SyncRecords.findBy): a hub's login finds its user among a
            // million by one index search.
            for (String field : model.model().indexedFields()) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + SqlNames.index(table, field) + " ON " + table
                        + " (" + SqlNames.column(field) + ")");
            }
        }
    }

    private static Set<String> existingColumns(Statement statement, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
