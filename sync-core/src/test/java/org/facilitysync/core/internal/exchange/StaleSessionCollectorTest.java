package org.facilitysync.core.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cleanup of one transfer session's buffers, and garbage collection of abandoned syncs (Morango's cleanupsyncs). */
class StaleSessionCollectorTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String EMPTY_FSIC = "{\"super\": {}, \"sub\": {}}";

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theProducerDeletesItsBuffers(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        transfer(database, "s1", "t1", "d1", false, 2);
        transfer(database, "s1", "t2", "d1", true, 3);

        assertEquals(2, new BufferCleanup(database).deleteBuffers("t1"));

        assertEquals(List.of("t2 3"), bufferCounts(database));
        assertEquals(3, ExchangeFixtures.count(database, "SELECT count(*) FROM morango_recordmaxcounterbuffer"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void staleTransferSessionsLoseTheirBuffersThenIdleSyncSessionsClose(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        transfer(database, "s1", "stale-pull", "d1", false, 2);
        transfer(database, "s1", "stale-push", "d1:user", true, 1);
        transfer(database, "s2", "fresh", "d1", false, 4);
        transfer(database, "s3", "ended", "d1", false, 0);
        database.inTransaction(tx -> tx.update("UPDATE morango_transfersession SET active = ? WHERE id = 'ended'", false));
        age(database, "morango_transfersession", "stale-pull", Duration.ofHours(7));
        age(database, "morango_transfersession", "stale-push", Duration.ofHours(8));
        age(database, "morango_transfersession", "fresh", Duration.ofMinutes(5));
        age(database, "morango_syncsession", "s1", Duration.ofHours(7));
        age(database, "morango_syncsession", "s2", Duration.ofHours(7));
        age(database, "morango_syncsession", "s3", Duration.ofHours(7));
        StaleSessionCollector collector = new StaleSessionCollector(database, Clock.fixed(NOW, ZoneOffset.UTC));

        StaleSessionCollector.Collected collected = collector.collect(
                StaleSessionCriteria.olderThan(StaleSessionCriteria.DEFAULT_EXPIRATION));

        assertEquals(new StaleSessionCollector.Collected(2, 3, 2), collected,
                "s2 keeps its fresh transfer, so it stays open; s3 has none active");
        assertEquals(List.of("fresh 4"), bufferCounts(database));
        assertEquals(List.of("ended false", "fresh true", "stale-pull false", "stale-push false"), active(database,
                "morango_transfersession"));
        assertEquals(List.of("s1 false", "s2 true", "s3 false"), active(database, "morango_syncsession"));
        assertEquals(new StaleSessionCollector.Collected(0, 0, 0), collector.collect(
                StaleSessionCriteria.olderThan(StaleSessionCriteria.DEFAULT_EXPIRATION)), "nothing left to do");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void criteriaNarrowWhatIsCollected(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        transfer(database, "s1", "a-pull", "d1", false, 1);
        transfer(database, "s1", "a-push", "d1:user", true, 1);
        transfer(database, "s2", "b-pull", "d2", false, 1);
        database.inTransaction(tx -> tx.update("UPDATE morango_syncsession SET client_instance_id = ?, "
                + "server_instance_id = ? WHERE id = 's2'", "c".repeat(32), "d".repeat(32)));
        // a day from now, every session is stale
        StaleSessionCollector collector = new StaleSessionCollector(database,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
        StaleSessionCriteria expired = StaleSessionCriteria.olderThan(Duration.ZERO);

        assertEquals(1, collector.collect(expired.onlyPushes()).transferSessions());
        assertEquals(1, collector.collect(expired.withInstances("c".repeat(32), null)).transferSessions());
        assertEquals(List.of("a-pull true", "a-push false", "b-pull false"), active(database, "morango_transfersession"));
        assertEquals(0, collector.collect(expired.withFilterPrefix("d1:user")).transferSessions());
        assertEquals(0, collector.collect(expired.withSyncSessionIds(List.of("s2"))).transferSessions());
        assertEquals(1, collector.collect(expired.withSyncSessionIds(List.of("s1")).onlyPulls()).transferSessions());
        assertEquals(List.of("s1 false", "s2 false"), active(database, "morango_syncsession"));
    }

    /** A transfer session with {@code records} queued records, each with one RMC buffer. */
    private static void transfer(Database database, String sync, String ts, String filter, boolean push, int records) {
        if (new SyncSessionStore(database).find(sync).isEmpty()) {
            new SyncSessionStore(database).create(SyncSessionRow.network(sync, true, ExchangeFixtures.PROFILE, "x"));
        }
        ExchangeFixtures.transferSession(database, sync, ts, SyncFilter.of(filter), push, true, FsicFormat.V2,
                EMPTY_FSIC, EMPTY_FSIC);
        database.inTransaction(tx -> {
            for (int i = 0; i < records; i++) {
                String model = String.format("%032d", i);
                tx.update("INSERT INTO morango_buffer (transfer_session_id, model_uuid, profile, last_saved_instance,"
                        + " last_saved_counter, partition, source_id, model_name) VALUES (?, ?, 'p', ?, 1, ?, 's', 'm')",
                        ts, model, "1".repeat(32), filter);
                tx.update("INSERT INTO morango_recordmaxcounterbuffer (transfer_session_id, model_uuid, instance_id,"
                        + " counter) VALUES (?, ?, ?, 1)", ts, model, "1".repeat(32));
            }
            return null;
        });
    }

    private static void age(Database database, String table, String id, Duration age) {
        database.inTransaction(tx -> {
            try (PreparedStatement update = tx.prepare("UPDATE " + table + " SET last_activity_timestamp = ? WHERE id = ?")) {
                tx.dialect().setInstant(update, 1, NOW.minus(age));
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    private static List<String> bufferCounts(Database database) {
        return ExchangeFixtures.strings(database, "SELECT transfer_session_id, count(*) FROM morango_buffer"
                + " GROUP BY transfer_session_id ORDER BY transfer_session_id");
    }

    private static List<String> active(Database database, String table) {
        return ExchangeFixtures.strings(database, "SELECT id, CASE WHEN active THEN 'true' ELSE 'false' END FROM "
                + table + " ORDER BY id");
    }
}
