package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.core.internal.fsic.DatabaseMaxCounterRow;
import org.facilitysync.core.internal.fsic.RecordMaxCounterRow;
import org.facilitysync.core.internal.identity.NamespacedIdRule;
import org.facilitysync.core.internal.session.JdbcTransferSessionStore;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.InstanceIdStore;

/** Rows for exchange tests: Store, counters and sessions written straight into a real database. */
final class ExchangeFixtures {

    static final String PROFILE = "facilitydata";

    /** The Morango test app's id rules: its user model's uuid is its source id. */
    static final ModelIdRules TEST_APP = (profile, model) -> "user".equals(model)
            ? NamespacedIdRule.SOURCE_ID : NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL;

    private ExchangeFixtures() {
    }

    /** Every column of a Store row. */
    record StoreRecord(String id, String profile, String serialized, boolean deleted, boolean hardDeleted,
                       String lastSavedInstance, long lastSavedCounter, String partition, String sourceId,
                       String modelName, String conflictingSerializedData, String selfRefFk, boolean dirtyBit,
                       String deserializationError, String lastTransferSessionId) {

        /** A Store row as the state dumps and merge.json give it (every column). */
        static StoreRecord of(JsonNode row) {
            return new StoreRecord(row.path("id").asText(), row.path("profile").asText(),
                    row.path("serialized").asText(), row.path("deleted").asBoolean(),
                    row.path("hard_deleted").asBoolean(), row.path("last_saved_instance").asText(),
                    row.path("last_saved_counter").asLong(), row.path("partition").asText(),
                    row.path("source_id").asText(), row.path("model_name").asText(),
                    row.path("conflicting_serialized_data").asText(), row.path("_self_ref_fk").asText(),
                    row.path("dirty_bit").asBoolean(), row.path("deserialization_error").asText(),
                    row.path("last_transfer_session_id").isNull() ? null
                            : row.path("last_transfer_session_id").asText());
        }

        /** A fsic.json Store row, which only has id, partition, deleted and the version stamp. */
        static StoreRecord ofFsicState(JsonNode row) {
            return new StoreRecord(row.path("id").asText(), PROFILE,
                    "{\"name\": \"" + row.path("name").asText() + "\"}", row.path("deleted").asBoolean(), false,
                    row.path("last_saved_instance").asText(), row.path("last_saved_counter").asLong(),
                    row.path("partition").asText(), "source-" + row.path("name").asText(), "thing", "", "", false,
                    "", null);
        }
    }

    static void insertStore(Database database, List<StoreRecord> rows) {
        database.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_store (id, profile, serialized, deleted,"
                    + " hard_deleted, last_saved_instance, last_saved_counter, partition, source_id, model_name,"
                    + " conflicting_serialized_data, _self_ref_fk, dirty_bit, deserialization_error,"
                    + " last_transfer_session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (StoreRecord r : rows) {
                    insert.setString(1, r.id());
                    insert.setString(2, r.profile());
                    insert.setString(3, r.serialized());
                    insert.setBoolean(4, r.deleted());
                    insert.setBoolean(5, r.hardDeleted());
                    insert.setString(6, r.lastSavedInstance());
                    insert.setLong(7, r.lastSavedCounter());
                    insert.setString(8, r.partition());
                    insert.setString(9, r.sourceId());
                    insert.setString(10, r.modelName());
                    insert.setString(11, r.conflictingSerializedData());
                    insert.setString(12, r.selfRefFk());
                    insert.setBoolean(13, r.dirtyBit());
                    insert.setString(14, r.deserializationError());
                    insert.setString(15, r.lastTransferSessionId());
                    insert.addBatch();
                    if (++n % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    static void insertRecordMaxCounters(Database database, List<RecordMaxCounterRow> rows) {
        database.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepare(
                    "INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter) VALUES (?, ?, ?)")) {
                int n = 0;
                for (RecordMaxCounterRow r : rows) {
                    insert.setString(1, r.storeModelId());
                    insert.setString(2, r.instanceId());
                    insert.setLong(3, r.counter());
                    insert.addBatch();
                    if (++n % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    static void insertDatabaseMaxCounters(Database database, List<DatabaseMaxCounterRow> rows) {
        database.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepare(
                    "INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, ?, ?)")) {
                for (DatabaseMaxCounterRow r : rows) {
                    insert.setString(1, r.instanceId());
                    insert.setString(2, r.partition());
                    insert.setLong(3, r.counter());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** RMC rows of a state dump or merge.json snapshot ({@code store_model_id, instance_id, counter}). */
    static List<RecordMaxCounterRow> recordMaxCounters(JsonNode array) {
        List<RecordMaxCounterRow> rows = new ArrayList<>();
        array.forEach(r -> rows.add(new RecordMaxCounterRow(r.path("store_model_id").asText(),
                r.path("instance_id").asText(), r.path("counter").asLong())));
        return rows;
    }

    static List<DatabaseMaxCounterRow> databaseMaxCounters(JsonNode array) {
        List<DatabaseMaxCounterRow> rows = new ArrayList<>();
        array.forEach(r -> rows.add(new DatabaseMaxCounterRow(r.path("partition").asText(),
                r.path("instance_id").asText(), r.path("counter").asLong())));
        return rows;
    }

    /** A sync session and one transfer session in it, with both FSIC texts; returns the transfer session id. */
    static String transferSession(Database database, String syncSessionId, String transferSessionId,
                                  SyncFilter filter, boolean push, boolean server, FsicFormat format,
                                  String clientFsic, String serverFsic) {
        SyncSessionStore syncSessions = new SyncSessionStore(database);
        if (syncSessions.find(syncSessionId).isEmpty()) {
            syncSessions.create(SyncSessionRow.network(syncSessionId, server, PROFILE, "http://127.0.0.1:8000/"));
        }
        TransferRequest.Builder request = TransferRequest.builder(syncSessionId, transferSessionId).filter(filter)
                .capabilities(format == FsicFormat.V2 ? Set.of(FsicFormat.V2_CAPABILITY) : Set.of());
        if (push) {
            request.push();
        }
        if (server) {
            request.server();
        }
        MutableTransferState.begin(new JdbcTransferSessionStore(database), request.build());
        TransferSessionFsics fsics = new TransferSessionFsics(database);
        fsics.setClientFsic(transferSessionId, clientFsic);
        fsics.setServerFsic(transferSessionId, serverFsic);
        return transferSessionId;
    }

    /** Makes {@code instanceId} this node's current instance, at {@code counter}. */
    static InstanceIdStore instance(Database database, String instanceId, long counter) {
        InstanceIdStore instances = new InstanceIdStore(database);
        instances.activate(new InstanceIdStore.InstanceDescription(instanceId, "Linux", "test-host", "3.11", "",
                "/tmp/test.sqlite", ""));
        database.inTransaction(tx -> tx.update("UPDATE morango_instanceidmodel SET counter = ? WHERE id = ?",
                counter, instanceId));
        return instances;
    }

    /** The Store, by id. */
    static Map<String, StoreRecord> store(Database database) {
        return database.read(tx -> {
            Map<String, StoreRecord> rows = new TreeMap<>();
            try (PreparedStatement query = tx.prepare("SELECT * FROM morango_store"); ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString("id"), new StoreRecord(r.getString("id"), r.getString("profile"),
                            r.getString("serialized"), r.getBoolean("deleted"), r.getBoolean("hard_deleted"),
                            r.getString("last_saved_instance"), r.getLong("last_saved_counter"),
                            r.getString("partition"), r.getString("source_id"), r.getString("model_name"),
                            r.getString("conflicting_serialized_data"), r.getString("_self_ref_fk"),
                            r.getBoolean("dirty_bit"), r.getString("deserialization_error"),
                            r.getString("last_transfer_session_id")));
                }
            }
            return rows;
        });
    }

    /** The record max counters, as "store_model_id instance_id counter" strings, sorted. */
    static List<String> recordMaxCounters(Database database) {
        return strings(database, "SELECT store_model_id, instance_id, counter FROM morango_recordmaxcounter"
                + " ORDER BY store_model_id, instance_id");
    }

    /** Rows of a query as space-joined strings, in the query's order. */
    static List<String> strings(Database database, String sql, Object... parameters) {
        return database.read(tx -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement query = tx.prepare(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(i + 1, parameters[i]);
                }
                try (ResultSet r = query.executeQuery()) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= columns; c++) {
                            if (c > 1) {
                                row.append(' ');
                            }
                            row.append(r.getString(c));
                        }
                        rows.add(row.toString());
                    }
                }
            }
            return rows;
        });
    }

    static long count(Database database, String sql, Object... parameters) {
        return Long.parseLong(strings(database, sql, parameters).get(0));
    }
}
