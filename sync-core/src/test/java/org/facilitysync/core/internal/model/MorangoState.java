package org.facilitysync.core.internal.model;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * Loads a node of the recorded database states ({@code state-*.json}, {@code merge.json} snapshots) into a
 * database, and reads a database back in the same shape, so that tests compare rows column by column.
 */
public final class MorangoState {

    public static final List<String> STORE_COLUMNS = List.of("id", "profile", "serialized", "deleted", "hard_deleted",
            "last_saved_instance", "last_saved_counter", "partition", "source_id", "model_name",
            "conflicting_serialized_data", "_self_ref_fk", "dirty_bit", "deserialization_error",
            "last_transfer_session_id");
    private static final Set<String> BOOLEAN_COLUMNS = Set.of("deleted", "hard_deleted", "dirty_bit");

    private MorangoState() {
    }

    /** Makes {@code id} the current instance with {@code counter}. */
    public static void activateInstance(Database database, String id, long counter) {
        InstanceIdStore instances = new InstanceIdStore(database);
        instances.activate(new InstanceIdStore.InstanceDescription(id, "test", "vm", "java", "node", "test.db", "sys"));
        database.inTransaction(tx -> tx.update("UPDATE morango_instanceidmodel SET counter = ? WHERE id = ?", counter, id));
    }

    /** Loads everything of a {@code state-*.json} node: instance, Store, counters, deletion queues, app tables. */
    public static void loadNode(Database database, JsonNode node, ProfileModels models) {
        JsonNode instance = node.get("instance_ids").get(0);
        activateInstance(database, instance.get("id").asText(), instance.get("counter").asLong());
        database.inTransaction(tx -> {
            for (JsonNode row : node.get("store")) {
                insertStore(tx, row);
            }
            for (JsonNode row : node.get("record_max_counters")) {
                insertRecordMaxCounter(tx, row);
            }
            for (JsonNode row : node.get("database_max_counters")) {
                insertDatabaseMaxCounter(tx, row);
            }
            for (JsonNode row : node.get("deleted_models")) {
                tx.update("INSERT INTO morango_deletedmodels (id, profile) VALUES (?, ?)", row.get("id").asText(),
                        row.get("profile").asText());
            }
            for (JsonNode row : node.get("hard_deleted_models")) {
                tx.update("INSERT INTO morango_harddeletedmodels (id, profile) VALUES (?, ?)", row.get("id").asText(),
                        row.get("profile").asText());
            }
            for (Map.Entry<String, String> table : TestApp.TABLES.entrySet()) {
                RegisteredModel model = models.require(table.getValue());
                for (JsonNode row : node.get("app").get(table.getKey())) {
                    insertApp(tx, model, row);
                }
            }
            return null;
        });
    }

    public static void insertStore(Transaction tx, JsonNode row) throws SQLException {
        try (PreparedStatement insert = tx.prepare(tx.dialect().insertRows("morango_store", STORE_COLUMNS, 1))) {
            int index = 1;
            for (String column : STORE_COLUMNS) {
                JsonNode value = row.get(column);
                if (BOOLEAN_COLUMNS.contains(column)) {
                    insert.setBoolean(index++, value.asBoolean());
                } else if (column.equals("last_saved_counter")) {
                    insert.setLong(index++, value.asLong());
                } else if (value == null || value.isNull()) {
                    insert.setNull(index++, java.sql.Types.VARCHAR);
                } else {
                    insert.setString(index++, value.asText());
                }
            }
            insert.executeUpdate();
        }
    }

    public static void insertRecordMaxCounter(Transaction tx, JsonNode row) throws SQLException {
        tx.update("INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter) VALUES (?, ?, ?)",
                row.get("store_model_id").asText(), row.get("instance_id").asText(), row.get("counter").asLong());
    }

    public static void insertDatabaseMaxCounter(Transaction tx, JsonNode row) throws SQLException {
        tx.update("INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, ?, ?)",
                row.get("instance_id").asText(), row.get("partition").asText(), row.get("counter").asLong());
    }

    /** Inserts an app row as recorded (Django columns; {@code _table} and unknown keys ignored). */
    public static void insertApp(Transaction tx, RegisteredModel model, JsonNode row) throws SQLException {
        List<String> columns = model.allColumns();
        try (PreparedStatement insert = tx.prepare(tx.dialect().insertRows(model.table(), columns, 1))) {
            insert.setString(1, row.get("id").asText());
            insert.setString(2, row.get("_morango_source_id").asText());
            insert.setString(3, row.get("_morango_partition").asText());
            insert.setBoolean(4, row.get("_morango_dirty_bit").asBoolean());
            int index = 5;
            for (ModelField field : model.fields()) {
                AppColumns.bind(insert, index++, field.type(), appValue(field, row.get(field.name())), tx.dialect());
            }
            insert.executeUpdate();
        }
    }

    /** Store rows by id, every column, as {@code Boolean}/{@code Long}/{@code String}/null. */
    public static Map<String, Map<String, Object>> storeRows(Database database) {
        return database.read(tx -> {
            Map<String, Map<String, Object>> rows = new TreeMap<>();
            try (PreparedStatement query = tx.prepare("SELECT " + String.join(", ", STORE_COLUMNS) + " FROM morango_store");
                 ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : STORE_COLUMNS) {
                        if (BOOLEAN_COLUMNS.contains(column)) {
                            row.put(column, result.getBoolean(column));
                        } else if (column.equals("last_saved_counter")) {
                            row.put(column, result.getLong(column));
                        } else {
                            row.put(column, result.getString(column));
                        }
                    }
                    rows.put((String) row.get("id"), row);
                }
            }
            return rows;
        });
    }

    /** Recorded Store rows in the shape of {@link #storeRows}. */
    public static Map<String, Map<String, Object>> expectedStoreRows(JsonNode rows) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (JsonNode row : rows) {
            out.put(row.get("id").asText(), expectedStoreRow(row));
        }
        return out;
    }

    public static Map<String, Object> expectedStoreRow(JsonNode row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String column : STORE_COLUMNS) {
            JsonNode value = row.get(column);
            if (BOOLEAN_COLUMNS.contains(column)) {
                out.put(column, value.asBoolean());
            } else if (column.equals("last_saved_counter")) {
                out.put(column, value.asLong());
            } else {
                out.put(column, value == null || value.isNull() ? null : value.asText());
            }
        }
        return out;
    }

    /** RecordMaxCounters as sorted {@code store:instance=counter} lines. */
    public static Set<String> recordMaxCounters(Database database) {
        return lines(database, "SELECT store_model_id, instance_id, counter FROM morango_recordmaxcounter");
    }

    public static Set<String> expectedRecordMaxCounters(JsonNode rows) {
        Set<String> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.get("store_model_id").asText() + ":" + r.get("instance_id").asText() + "="
                + r.get("counter").asLong()));
        return out;
    }

    /** DatabaseMaxCounters as sorted {@code partition:instance=counter} lines. */
    public static Set<String> databaseMaxCounters(Database database) {
        return lines(database, "SELECT partition, instance_id, counter FROM morango_databasemaxcounter");
    }

    public static Set<String> expectedDatabaseMaxCounters(JsonNode rows) {
        Set<String> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.get("partition").asText() + ":" + r.get("instance_id").asText() + "="
                + r.get("counter").asLong()));
        return out;
    }

    /** Ids in a deletion queue. */
    public static Set<String> queued(Database database, String table) {
        return database.read(tx -> {
            Set<String> ids = new TreeSet<>();
            try (PreparedStatement query = tx.prepare("SELECT id FROM " + table); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
    }

    /** App rows of a model by id: Morango columns and fields as Java values. */
    public static Map<String, Map<String, Object>> appRows(Database database, RegisteredModel model) {
        return database.read(tx -> {
            Map<String, Map<String, Object>> rows = new TreeMap<>();
            try (PreparedStatement query = tx.prepare("SELECT " + model.selectColumns() + ", _morango_dirty_bit FROM "
                    + model.table()); ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", result.getString(1));
                    row.put("_morango_source_id", result.getString(2));
                    row.put("_morango_partition", result.getString(3));
                    int index = 4;
                    for (ModelField field : model.fields()) {
                        row.put(field.name(), AppColumns.read(result, index++, field.name(), field.type(), tx.dialect()));
                    }
                    row.put("_morango_dirty_bit", result.getBoolean(index));
                    rows.put((String) row.get("id"), row);
                }
            }
            return rows;
        });
    }

    public static Map<String, Map<String, Object>> expectedAppRows(JsonNode rows, RegisteredModel model) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (JsonNode row : rows) {
            out.put(row.get("id").asText(), expectedAppRow(row, model));
        }
        return out;
    }

    public static Map<String, Object> expectedAppRow(JsonNode row, RegisteredModel model) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.get("id").asText());
        out.put("_morango_source_id", row.get("_morango_source_id").asText());
        out.put("_morango_partition", row.get("_morango_partition").asText());
        for (ModelField field : model.fields()) {
            out.put(field.name(), appValue(field, row.get(field.name())));
        }
        out.put("_morango_dirty_bit", row.get("_morango_dirty_bit").asBoolean());
        return out;
    }

    public static long counter(Database database) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT counter FROM morango_instanceidmodel WHERE current");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** A recorded app value as the Java value of the field's type. */
    static Object appValue(ModelField field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (field.type()) {
            case STRING, JSON -> value.asText();
            case INTEGER -> value.asLong();
            case REAL -> value.asDouble();
            case BOOLEAN -> value.asBoolean();
            case DATETIME -> OffsetDateTime.parse(value.asText()).toInstant();
        };
    }

    private static Set<String> lines(Database database, String sql) {
        return database.read(tx -> {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.add(rows.getString(1) + ":" + rows.getString(2) + "=" + rows.getLong(3));
                }
            }
            return out;
        });
    }

    /** The quoted column of a field, for tests writing their own SQL. */
    public static String column(String field) {
        return SqlNames.column(field);
    }
}
