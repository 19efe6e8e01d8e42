package org.facilitysync.core.internal.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This node's identity rows and its counter: Morango's {@code DatabaseIDModel} and
 * {@code InstanceIDModel} (reference §4.1).
 *
 * <p>The database id is random and made once per database (make a new one when a database was restored
 * or copied). The instance id is derived elsewhere from the database id and the machine; here it is
 * only recorded and made current. The current instance's counter, raised by one with
 * {@link #incrementCounter()}, stamps every version this node writes: the (instance id, counter) pair
 * is the version stamp.
 */
public final class InstanceIdStore {

    /** Morango's ids: a UUID's 32 lowercase hex digits, without dashes. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final Database database;

    public InstanceIdStore(Database database) {
        this.database = database;
    }

    /** A row of {@code morango_databaseidmodel}. */
    public record DatabaseId(String id, boolean current, Instant dateGenerated, String initialInstanceId) {
    }

    /** A row of {@code morango_instanceidmodel}. */
    public record Instance(String id, String platform, String hostname, String sysversion, String nodeId,
                           String databaseId, long counter, boolean current, String dbPath, String systemId) {
    }

    /**
     * What identifies and describes this node's instance; the database id is the current one.
     *
     * @param id the instance id, derived by the caller (32 lowercase hex)
     */
    public record InstanceDescription(String id, String platform, String hostname, String sysversion,
                                      String nodeId, String dbPath, String systemId) {
        public InstanceDescription {
            requireId("instance id", id);
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(sysversion, "sysversion");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(dbPath, "dbPath");
            Objects.requireNonNull(systemId, "systemId");
        }
    }

    /** A version stamp: the instance that wrote, and its counter at that write. */
    public record VersionStamp(String instanceId, long counter) {
    }

    /** The current database id, if one was made. */
    public Optional<DatabaseId> currentDatabaseId() {
        return database.read(InstanceIdStore::findCurrentDatabaseId);
    }

    /** The current database id, made now (random) when there is none. */
    public DatabaseId currentOrNewDatabaseId() {
        return database.inTransaction(tx -> {
            Optional<DatabaseId> existing = findCurrentDatabaseId(tx);
            if (existing.isPresent()) {
                return existing.get();
            }
            // DO NOTHING: a concurrent caller may have made one between our read and this insert.
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_databaseidmodel"
                    + " (id, current, date_generated, initial_instance_id) VALUES (?, ?, ?, '') ON CONFLICT DO NOTHING")) {
                insert.setString(1, randomId());
                insert.setBoolean(2, true);
                tx.dialect().setInstant(insert, 3, Instant.now());
                insert.executeUpdate();
            }
            return findCurrentDatabaseId(tx).orElseThrow();
        });
    }

    /**
     * Makes a new random database id the current one, e.g. after the database was restored or copied,
     * so that this copy's instance gets an id of its own. The current instance stops being current.
     */
    public DatabaseId newDatabaseId() {
        return database.inTransaction(tx -> {
            tx.update("UPDATE morango_instanceidmodel SET current = ? WHERE current", false);
            tx.update("UPDATE morango_databaseidmodel SET current = ? WHERE current", false);
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_databaseidmodel"
                    + " (id, current, date_generated, initial_instance_id) VALUES (?, ?, ?, '')")) {
                insert.setString(1, randomId());
                insert.setBoolean(2, true);
                tx.dialect().setInstant(insert, 3, Instant.now());
                insert.executeUpdate();
            }
            return findCurrentDatabaseId(tx).orElseThrow();
        });
    }

    /**
     * Records {@code description} as this node's current instance under the current database id (made
     * when missing), and returns it. An instance seen before keeps its counter; every other instance
     * stops being current. The database id's {@code initial_instance_id} is set the first time.
     */
    public Instance activate(InstanceDescription description) {
        return database.inTransaction(tx -> {
            DatabaseId databaseId = currentOrNewDatabaseId();
            tx.update("UPDATE morango_instanceidmodel SET current = ? WHERE current AND id <> ?", false,
                    description.id());
            List<String> columns = List.of("id", "platform", "hostname", "sysversion", "node_id", "database_id",
                    "counter", "current", "db_path", "system_id");
            List<String> updated = List.of("platform", "hostname", "sysversion", "node_id", "database_id", "current",
                    "db_path", "system_id");
            try (PreparedStatement upsert = tx.prepare(
                    tx.dialect().upsert("morango_instanceidmodel", columns, List.of("id"), updated))) {
                upsert.setString(1, description.id());
                upsert.setString(2, description.platform());
                upsert.setString(3, description.hostname());
                upsert.setString(4, description.sysversion());
                upsert.setString(5, description.nodeId());
                upsert.setString(6, databaseId.id());
                upsert.setLong(7, 0);
                upsert.setBoolean(8, true);
                upsert.setString(9, description.dbPath());
                upsert.setString(10, description.systemId());
                upsert.executeUpdate();
            }
            tx.update("UPDATE morango_databaseidmodel SET initial_instance_id = ? WHERE id = ? AND initial_instance_id = ''",
                    description.id(), databaseId.id());
            return findCurrentInstance(tx).orElseThrow();
        });
    }

    /** The current instance, if one was activated. */
    public Optional<Instance> currentInstance() {
        return database.read(InstanceIdStore::findCurrentInstance);
    }

    /**
     * Raises the current instance's counter by one and returns the new stamp. Atomic: concurrent
     * callers, in this process or another, get distinct consecutive counters. Inside a caller's
     * transaction it joins it, and on PostgreSQL then holds the instance row until that commits.
     *
     * @throws IllegalStateException when no instance was activated
     */
    public VersionStamp incrementCounter() {
        return database.inTransaction(tx -> {
            if (tx.update("UPDATE morango_instanceidmodel SET counter = counter + 1 WHERE current") == 0) {
                throw new IllegalStateException("database " + database.location()
                        + " has no current instance: activate one before stamping versions");
            }
            Instance current = findCurrentInstance(tx).orElseThrow();
            return new VersionStamp(current.id(), current.counter());
        });
    }

    /** Throws when {@code value} is not a Morango id (32 lowercase hex digits). */
    public static String requireId(String what, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 32 lowercase hex digits, got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    /** A new random id in Morango's form. */
    public static String randomId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Optional<DatabaseId> findCurrentDatabaseId(Transaction tx) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT id, current, date_generated, initial_instance_id"
                + " FROM morango_databaseidmodel WHERE current");
             ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new DatabaseId(rows.getString("id"), rows.getBoolean("current"),
                    tx.dialect().getInstant(rows, "date_generated"), rows.getString("initial_instance_id")));
        }
    }

    private static Optional<Instance> findCurrentInstance(Transaction tx) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT id, platform, hostname, sysversion, node_id, database_id,"
                + " counter, current, db_path, system_id FROM morango_instanceidmodel WHERE current");
             ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new Instance(rows.getString("id"), rows.getString("platform"),
                    rows.getString("hostname"), rows.getString("sysversion"), rows.getString("node_id"),
                    rows.getString("database_id"), rows.getLong("counter"), rows.getBoolean("current"),
                    rows.getString("db_path"), rows.getString("system_id")));
        }
    }
}
