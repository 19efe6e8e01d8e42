package org.facilitysync.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC store: the shared contract on both databases, and what only a persistent store does. */
class JdbcTransferSessionStoreTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    /** The contract with a fresh database per test, whose sync sessions the contract asks for. */
    abstract static class OnDatabase extends TransferSessionStoreContract {
        private SyncSessionStore syncSessions;

        abstract DatabaseKind kind();

        @Override
        protected TransferSessionStore newStore() {
            Database database = databases.migrated(kind());
            syncSessions = new SyncSessionStore(database);
            return new JdbcTransferSessionStore(database);
        }

        @Override
        protected void syncSessionExists(String id) {
            syncSessions.create(SyncSessionRow.network(id, true, "facilitydata", "http://peer"));
        }
    }

    @Nested
    class OnSqlite extends OnDatabase {
        @Override
        DatabaseKind kind() {
            return DatabaseKind.SQLITE;
        }
    }

    @Nested
    class OnPostgresql extends OnDatabase {
        @Override
        DatabaseKind kind() {
            return DatabaseKind.POSTGRESQL;
        }
    }

    private static TransferRequest.Builder request(String syncSessionId, String transferSessionId) {
        return TransferRequest.builder(syncSessionId, transferSessionId);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyFactOfTheRowSurvivesAnotherStoreInstance(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        new SyncSessionStore(database).create(SyncSessionRow.network("s1", false, "facilitydata", "http://peer"));
        TransferRequest request = request("s1", "t1").push().client()
                .filter(SyncFilter.of("", "d1:user")).capabilities(Set.of("FSIC_V2_FORMAT", "ASYNC_OPERATIONS"))
                .datasetId("d1").singleUser(true, false, "u1").build();
        MutableTransferState state = MutableTransferState.begin(new JdbcTransferSessionStore(database), request);
        state.moveTo(SyncStage.TRANSFERRING, TransferStatus.PENDING);
        state.setRecordsTotal(30);
        state.addRecordsTransferred(7);
        state.fail("peer went away");

        TransferSessionRow read = new JdbcTransferSessionStore(database).find("t1").orElseThrow();

        assertEquals(new TransferSessionRow("t1", "s1", true, false, SyncFilter.of("", "d1:user"),
                Set.of("FSIC_V2_FORMAT", "ASYNC_OPERATIONS"), "d1", true, false, "u1", SyncStage.TRANSFERRING,
                TransferStatus.ERRORED, "peer went away", 30, 7, true), read);
        assertEquals("\nd1:user", text(database, "SELECT filter FROM morango_transfersession WHERE id = 't1'"),
                "Morango's filter text: partitions joined with a newline");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aTransferSessionNeedsItsSyncSession(DatabaseKind kind) {
        JdbcTransferSessionStore store = new JdbcTransferSessionStore(databases.migrated(kind));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> MutableTransferState.begin(store, request("missing", "t1").build()));

        assertTrue(refused.getMessage().contains("sync session missing is not stored"), refused.getMessage());
        assertTrue(store.find("t1").isEmpty());
        assertThrows(NoSuchElementException.class, () -> store.putAttribute("missing", "k", "v"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void updatesLeaveTheExchangesColumnsAloneAndRecordActivity(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        new SyncSessionStore(database).create(new SyncSessionRow("s1", Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-01-01T00:00:00Z"), true, true, null, null, "facilitydata", "network",
                "http://peer", "", "", null, "{}", null, "{}", null));
        JdbcTransferSessionStore store = new JdbcTransferSessionStore(database);
        MutableTransferState state = MutableTransferState.begin(store, request("s1", "t1").build());
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        database.inTransaction(tx -> {
            try (PreparedStatement update = tx.prepare("UPDATE morango_transfersession SET client_fsic = 'C',"
                    + " server_fsic = 'S', bytes_sent = 5, bytes_received = 6, last_activity_timestamp = ? WHERE id = 't1'")) {
                tx.dialect().setInstant(update, 1, longAgo);
                return update.executeUpdate();
            }
        });

        state.moveTo(SyncStage.SERIALIZING, TransferStatus.COMPLETED);

        assertEquals("C S 5 6", text(database, "SELECT client_fsic || ' ' || server_fsic || ' ' || CAST(bytes_sent AS TEXT)"
                + " || ' ' || CAST(bytes_received AS TEXT) FROM morango_transfersession WHERE id = 't1'"));
        Instant recently = Instant.now().minusSeconds(60);
        assertTrue(new SyncSessionStore(database).find("s1").orElseThrow().lastActivityTimestamp().isAfter(recently),
                "the sync session's activity follows its transfer session's");
        assertTrue(database.<Boolean>read(tx -> {
            try (PreparedStatement q = tx.prepare("SELECT last_activity_timestamp FROM morango_transfersession");
                 ResultSet rows = q.executeQuery()) {
                rows.next();
                return tx.dialect().getInstant(rows, "last_activity_timestamp").isAfter(recently);
            }
        }));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void syncSessionsAreCreatedFoundAndDeactivatedWithEmptyExtraFields(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        SyncSessionStore syncSessions = new SyncSessionStore(database);
        SyncSessionRow row = new SyncSessionRow("s1", Instant.parse("2024-01-02T03:04:05.123456Z"),
                Instant.parse("2024-01-02T03:04:06Z"), true, true, null, null, "facilitydata", "network",
                "http://127.0.0.1:8000/", "127.0.0.1", "127.0.0.2", "c".repeat(32), "{\"a\": 1}", "d".repeat(32),
                "{\"b\": 2}", 4242);

        syncSessions.create(row);

        assertEquals(Optional.of(row), syncSessions.find("s1"));
        assertEquals("{}", text(database, "SELECT extra_fields FROM morango_syncsession WHERE id = 's1'"));
        assertThrows(IllegalStateException.class, () -> syncSessions.create(row));
        syncSessions.deactivate("s1");
        assertFalse(syncSessions.find("s1").orElseThrow().active());
        assertTrue(syncSessions.findActive("s1").isEmpty());
        assertThrows(NoSuchElementException.class, () -> syncSessions.deactivate("nope"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void attributesAreOneRowPerKeyAndUpsertedAtomically(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        new SyncSessionStore(database).create(SyncSessionRow.network("s1", true, "facilitydata", "http://peer"));
        JdbcTransferSessionStore store = new JdbcTransferSessionStore(database);

        store.putAttribute("s1", "b", "1");
        store.putAttribute("s1", "a", "2");
        store.putAttribute("s1", "b", "3");

        assertEquals(Map.of("a", "2", "b", "3"), store.attributes("s1"));
        assertEquals(List.of("a=2", "b=3"), database.read(tx -> {
            List<String> rows = new java.util.ArrayList<>();
            try (PreparedStatement q = tx.prepare("SELECT key, value FROM fs_session_attribute ORDER BY key");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1) + "=" + r.getString(2));
                }
            }
            return rows;
        }));
    }

    static String text(Database database, String sql) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
    }
}
