package org.facilitysync.core.internal.storage;

import static org.facilitysync.core.internal.storage.DialectTest.count;
import static org.facilitysync.core.internal.storage.DialectTest.insertStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** V1: Morango's tables with Morango's columns and constraints, on both databases. */
class SchemaTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String INSTANCE = "11111111111111111111111111111111";

    /**
     * Every column of Morango 0.8.2's rows as shared/vectors/morango dumps them (state-*.json,
     * certificates.json), plus Buffer's and Morango's columns the dumps leave out.
     */
    private static final Map<String, List<String>> MORANGO_COLUMNS = new LinkedHashMap<>();

    static {
        MORANGO_COLUMNS.put("morango_store", List.of("profile", "serialized", "deleted", "hard_deleted",
                "last_saved_instance", "last_saved_counter", "partition", "source_id", "model_name",
                "conflicting_serialized_data", "_self_ref_fk", "id", "dirty_bit", "deserialization_error",
                "last_transfer_session_id"));
        MORANGO_COLUMNS.put("morango_recordmaxcounter", List.of("id", "store_model_id", "instance_id", "counter"));
        MORANGO_COLUMNS.put("morango_databasemaxcounter", List.of("id", "partition", "instance_id", "counter"));
        MORANGO_COLUMNS.put("morango_instanceidmodel", List.of("id", "platform", "hostname", "sysversion", "node_id",
                "database_id", "counter", "current", "db_path", "system_id"));
        MORANGO_COLUMNS.put("morango_databaseidmodel", List.of("id", "current", "date_generated",
                "initial_instance_id"));
        MORANGO_COLUMNS.put("morango_syncsession", List.of("id", "start_timestamp", "last_activity_timestamp",
                "active", "is_server", "client_certificate_id", "server_certificate_id", "profile", "connection_kind",
                "connection_path", "client_ip", "server_ip", "client_instance_id", "client_instance_json",
                "server_instance_id", "server_instance_json", "extra_fields", "process_id"));
        MORANGO_COLUMNS.put("morango_transfersession", List.of("id", "filter", "push", "active",
                "records_transferred", "records_total", "bytes_sent", "bytes_received", "sync_session_id",
                "start_timestamp", "last_activity_timestamp", "client_fsic", "server_fsic", "transfer_stage",
                "transfer_stage_status"));
        MORANGO_COLUMNS.put("morango_buffer", List.of("id", "serialized", "deleted", "last_saved_instance",
                "last_saved_counter", "hard_deleted", "partition", "source_id", "model_name",
                "conflicting_serialized_data", "model_uuid", "transfer_session_id", "profile", "_self_ref_fk"));
        MORANGO_COLUMNS.put("morango_recordmaxcounterbuffer", List.of("id", "transfer_session_id", "model_uuid",
                "instance_id", "counter"));
        MORANGO_COLUMNS.put("morango_deletedmodels", List.of("id", "profile"));
        MORANGO_COLUMNS.put("morango_harddeletedmodels", List.of("id", "profile"));
        MORANGO_COLUMNS.put("morango_certificate", List.of("id", "parent_id", "profile", "scope_definition_id",
                "scope_version", "scope_params", "public_key", "salt", "serialized", "signature", "private_key"));
        MORANGO_COLUMNS.put("morango_scopedefinition", List.of("id", "profile", "version", "primary_scope_param_key",
                "description", "read_filter_template", "write_filter_template", "read_write_filter_template"));
        MORANGO_COLUMNS.put("morango_nonce", List.of("id", "timestamp", "ip"));
        MORANGO_COLUMNS.put("morango_sharedkey", List.of("id", "public_key", "private_key", "current"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyMorangoTableHasMorangosColumns(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        for (Map.Entry<String, List<String>> table : MORANGO_COLUMNS.entrySet()) {
            Set<String> columns = columns(database, table.getKey());
            assertTrue(columns.containsAll(table.getValue()), table.getKey() + " has " + columns + ", needs "
                    + table.getValue());
        }
        assertTrue(columns(database, "morango_transfersession").contains("error"));
        assertEquals(Set.of("sync_session_id", "key", "value"), columns(database, "fs_session_attribute"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void morangosUniqueTogetherConstraintsHold(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        String store = InstanceIdStore.randomId();
        String session = transferSession(database);
        database.inTransaction(tx -> {
            insertStore(tx, store, "p");
            tx.update("INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter) VALUES (?, ?, 1)",
                    store, INSTANCE);
            tx.update("INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, 'p', 1)",
                    INSTANCE);
            return insertBuffer(tx, session, store);
        });

        assertThrows(StorageException.class, () -> database.inTransaction(tx -> tx.update(
                "INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter) VALUES (?, ?, 2)",
                store, INSTANCE)));
        assertThrows(StorageException.class, () -> database.inTransaction(tx -> tx.update(
                "INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, 'p', 2)",
                INSTANCE)));
        assertThrows(StorageException.class, () -> database.inTransaction(tx -> insertBuffer(tx, session, store)));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void bufferKeysFollowTheOrderRecordsWereQueuedIn(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        String session = transferSession(database);
        List<String> queued = List.of("f".repeat(32), "0".repeat(32), "8".repeat(32), "3".repeat(32));
        database.inTransaction(tx -> {
            for (String model : queued) {
                insertBuffer(tx, session, model);
            }
            return null;
        });

        List<String> inKeyOrder = database.read(tx -> {
            List<String> models = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT model_uuid FROM morango_buffer ORDER BY id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    models.add(rows.getString(1));
                }
            }
            return models;
        });
        assertEquals(queued, inKeyOrder);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void deletingATransferSessionDeletesItsBuffersAndDeletingAStoreRowItsCounters(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        String session = transferSession(database);
        String store = InstanceIdStore.randomId();
        database.inTransaction(tx -> {
            // Deferred foreign keys: counters may be written before their Store row, as bulk code may.
            tx.update("INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter) VALUES (?, ?, 1)",
                    store, INSTANCE);
            insertStore(tx, store, "p");
            insertBuffer(tx, session, store);
            return tx.update("INSERT INTO morango_recordmaxcounterbuffer (transfer_session_id, model_uuid,"
                    + " instance_id, counter) VALUES (?, ?, ?, 1)", session, store, INSTANCE);
        });

        database.inTransaction(tx -> tx.update("DELETE FROM morango_transfersession WHERE id = ?", session));
        database.inTransaction(tx -> tx.update("DELETE FROM morango_store WHERE id = ?", store));

        assertEquals(0, count(database, "SELECT count(*) FROM morango_buffer"));
        assertEquals(0, count(database, "SELECT count(*) FROM morango_recordmaxcounterbuffer"));
        assertEquals(0, count(database, "SELECT count(*) FROM morango_recordmaxcounter"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordsMustPointAtRowsThatExist(DatabaseKind kind) {
        Database database = databases.migrated(kind);

        assertThrows(StorageException.class, () -> database.inTransaction(tx -> tx.update(
                "INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter) VALUES (?, ?, 1)",
                InstanceIdStore.randomId(), INSTANCE)));
        assertThrows(StorageException.class, () -> database.inTransaction(tx -> insertBuffer(tx,
                InstanceIdStore.randomId(), InstanceIdStore.randomId())));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void stagesStatusesAndConnectionKindsAreTheirWireNames(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        String session = transferSession(database);

        database.inTransaction(tx -> tx.update("UPDATE morango_transfersession SET transfer_stage = 'deserializing',"
                + " transfer_stage_status = 'errored', error = 'it broke' WHERE id = ?", session));
        assertThrows(StorageException.class, () -> database.inTransaction(tx -> tx.update(
                "UPDATE morango_transfersession SET transfer_stage = 'DESERIALIZING' WHERE id = ?", session)));
        assertThrows(StorageException.class, () -> database.inTransaction(tx -> tx.update(
                "UPDATE morango_transfersession SET transfer_stage_status = 'done' WHERE id = ?", session)));
        assertThrows(StorageException.class, () -> database.inTransaction(tx -> tx.update(
                "UPDATE morango_syncsession SET connection_kind = 'carrier-pigeon'")));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void sessionAttributesAreOneRowPerKeyAndGoWithTheirSession(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        String transfer = transferSession(database);
        String syncSession = database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT sync_session_id FROM morango_transfersession");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
        String put = database.dialect().upsert("fs_session_attribute", List.of("sync_session_id", "key", "value"),
                List.of("sync_session_id", "key"), List.of("value"));

        database.inTransaction(tx -> tx.update(put, syncSession, "once:a/" + transfer + ":cleanup", "SKIPPED"));
        database.inTransaction(tx -> tx.update(put, syncSession, "once:a/" + transfer + ":cleanup", "COMPLETED"));
        database.inTransaction(tx -> tx.update(put, syncSession, "other", "x"));

        assertEquals(2, count(database, "SELECT count(*) FROM fs_session_attribute"));
        assertEquals(1, count(database, "SELECT count(*) FROM fs_session_attribute WHERE value = 'COMPLETED'"));
        database.inTransaction(tx -> tx.update("DELETE FROM morango_syncsession WHERE id = ?", syncSession));
        assertEquals(0, count(database, "SELECT count(*) FROM fs_session_attribute"));
    }

    /** A sync session with one transfer session; returns the transfer session's id. */
    static String transferSession(Database database) {
        String syncSession = InstanceIdStore.randomId();
        String transferSession = InstanceIdStore.randomId();
        database.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_syncsession (id, start_timestamp,"
                    + " last_activity_timestamp, profile, connection_kind, connection_path) VALUES"
                    + " (?, ?, ?, 'facilitydata', 'network', 'http://127.0.0.1:8000/')")) {
                insert.setString(1, syncSession);
                tx.dialect().setInstant(insert, 2, Instant.now());
                tx.dialect().setInstant(insert, 3, Instant.now());
                insert.executeUpdate();
            }
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_transfersession (id, filter, push,"
                    + " sync_session_id, start_timestamp, last_activity_timestamp, transfer_stage,"
                    + " transfer_stage_status) VALUES (?, 'p', ?, ?, ?, ?, 'initializing', 'completed')")) {
                insert.setString(1, transferSession);
                insert.setBoolean(2, false);
                insert.setString(3, syncSession);
                tx.dialect().setInstant(insert, 4, Instant.now());
                tx.dialect().setInstant(insert, 5, Instant.now());
                insert.executeUpdate();
            }
            return null;
        });
        return transferSession;
    }

    private static int insertBuffer(Transaction tx, String transferSession, String model) throws SQLException {
        return tx.update("INSERT INTO morango_buffer (transfer_session_id, model_uuid, profile, serialized,"
                + " last_saved_instance, last_saved_counter, partition, source_id, model_name) VALUES"
                + " (?, ?, 'facilitydata', '{}', ?, 1, 'p', 's', 'user')", transferSession, model, INSTANCE);
    }

    private static Set<String> columns(Database database, String table) {
        return database.read(tx -> {
            Set<String> names = new TreeSet<>();
            DatabaseMetaData metaData = tx.connection().getMetaData();
            String schema = tx.dialect() instanceof PostgresDialect ? tx.connection().getSchema() : null;
            try (ResultSet rows = metaData.getColumns(null, schema, table, null)) {
                while (rows.next()) {
                    names.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return names;
        });
    }
}
