package org.facilitysync.core.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.fsic.FsicSide;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput of the exchange on SQLite, printed rather than asserted (machines differ): a full pull of
 * {@value #DEFAULT_RECORDS} records (queue, chunks out, chunks in, dequeue), then an incremental one of
 * {@value #CHANGED} changed records, then one with no change. Run with
 * {@code -Dexchange.perf.records=1000000} for the large store.
 */
class ExchangeThroughputTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final int DEFAULT_RECORDS = 100_000;
    private static final int CHANGED = 1_000;
    private static final int CHUNK = Integer.getInteger("exchange.perf.chunk", 500);
    private static final String DATASET = "d".repeat(32);
    private static final String SERVER = "5".repeat(32);
    private static final String CLIENT = "c".repeat(32);

    @Test
    void fullThenIncrementalThenNoChangePullOnSqlite() {
        int records = Integer.getInteger("exchange.perf.records", DEFAULT_RECORDS);
        Database server = databases.migrated(DatabaseKind.SQLITE);
        Database client = databases.migrated(DatabaseKind.SQLITE);
        ExchangeFixtures.instance(server, SERVER, 1);
        InstanceIdStore clientInstance = ExchangeFixtures.instance(client, CLIENT, 0);
        long started = System.nanoTime();
        fillStore(server, records);
        print("setup: %,d Store records written in %,d ms", records, millis(started));
        SyncFilter filter = SyncFilter.of(DATASET);

        long transferred = pull(server, client, clientInstance, filter, "full", records);
        assertEquals(records, transferred);

        // 1,000 records change on the server: a serialization at counter 2
        server.inTransaction(tx -> {
            tx.update("UPDATE morango_store SET last_saved_counter = 2, serialized = serialized || ' '"
                    + " WHERE id IN (SELECT id FROM morango_store ORDER BY id LIMIT " + CHANGED + ")");
            tx.update("UPDATE morango_recordmaxcounter SET counter = 2 WHERE store_model_id IN"
                    + " (SELECT id FROM morango_store WHERE last_saved_counter = 2)");
            return tx.update("UPDATE morango_databasemaxcounter SET counter = 2");
        });
        assertEquals(CHANGED, pull(server, client, clientInstance, filter, "incremental", CHANGED));
        assertEquals(0, pull(server, client, clientInstance, filter, "no change", 0));
        printPlan(server);
    }

    /** One pull, timed stage by stage; returns the records transferred. */
    private static long pull(Database server, Database client, InstanceIdStore clientInstance, SyncFilter filter,
                             String name, int expected) {
        String ts = InstanceIdStore.randomId();
        String sync = InstanceIdStore.randomId();
        long t0 = System.nanoTime();
        String serverFsic = new FsicQuery(server).wireText(filter, FsicSide.PRODUCER, FsicFormat.V2);
        String clientFsic = new FsicQuery(client).wireText(filter, FsicSide.RECEIVER, FsicFormat.V2);
        long fsics = millis(t0);
        ExchangeFixtures.transferSession(server, sync, ts, filter, false, true, FsicFormat.V2, clientFsic, serverFsic);
        ExchangeFixtures.transferSession(client, sync, ts, filter, false, false, FsicFormat.V2, clientFsic, serverFsic);

        long t1 = System.nanoTime();
        long total = new BufferQueue(server).queueIntoBuffer(ts);
        long queue = System.nanoTime() - t1;
        assertEquals(expected, total, name + " pull queued");

        BufferChunkReader reader = new BufferChunkReader(server);
        BufferChunkReceiver receiver = new BufferChunkReceiver(client, ModelIdRules.DEFAULT);
        long out = 0;
        long in = 0;
        long transferred = 0;
        while (transferred < total) {
            long a = System.nanoTime();
            List<BufferRecord> chunk = reader.read(ts, transferred, CHUNK);
            long b = System.nanoTime();
            ReceivedChunk received = receiver.receive(ts, chunk, 0, 0);
            out += b - a;
            in += System.nanoTime() - b;
            assertEquals(List.of(), received.rejected());
            transferred = received.recordsTransferred();
        }
        long t2 = System.nanoTime();
        new StoreDequeue(client, clientInstance).dequeueIntoStore(ts, serverFsic);
        long dequeue = System.nanoTime() - t2;
        new BufferCleanup(server).deleteBuffers(ts);
        print("%s pull of %,d records: FSICs %,d ms | queue %s | chunks out %s | chunks in %s | dequeue %s | total %,d ms",
                name, total, fsics, rate(total, queue), rate(total, out), rate(total, in), rate(total, dequeue),
                millis(t0));
        return transferred;
    }

    private static void fillStore(Database server, int records) {
        int users = Math.max(1, records / 1000);
        server.inTransaction(tx -> {
            try (PreparedStatement store = tx.prepare("INSERT INTO morango_store (id, profile, serialized,"
                    + " last_saved_instance, last_saved_counter, partition, source_id, model_name)"
                    + " VALUES (?, 'facilitydata', ?, ?, 1, ?, ?, ?)");
                 PreparedStatement rmc = tx.prepare("INSERT INTO morango_recordmaxcounter (store_model_id,"
                    + " instance_id, counter) VALUES (?, ?, 1)")) {
                for (int i = 0; i < records; i++) {
                    String user = String.format("%032x", i % users);
                    String partition = DATASET + ":user-rw:" + user;
                    String source = String.format("%032x", i);
                    String id = org.facilitysync.api.model.MorangoIds.sha2Uuid(partition, source, "contentsessionlog");
                    store.setString(1, id);
                    store.setString(2, "{\"id\": \"" + id + "\", \"user_id\": \"" + user + "\", \"content_id\": \""
                            + source + "\", \"start_timestamp\": \"2024-01-02T03:04:05.678Z\", \"progress\": 1,"
                            + " \"kind\": \"video\", \"time_spent\": 42}");
                    store.setString(3, SERVER);
                    store.setString(4, partition);
                    store.setString(5, source);
                    store.setString(6, "contentsessionlog");
                    store.addBatch();
                    rmc.setString(1, id);
                    rmc.setString(2, SERVER);
                    rmc.addBatch();
                    if (i % 5000 == 4999) {
                        store.executeBatch();
                        rmc.executeBatch();
                    }
                }
                store.executeBatch();
                rmc.executeBatch();
            }
            return tx.update("INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, ?, 1)",
                    SERVER, DATASET);
        });
    }

    /** The plan of one incremental queue term, to show it starts from the last-saved index. */
    private static void printPlan(Database server) {
        List<String> plan = server.read(tx -> {
            List<String> lines = new ArrayList<>();
            try (PreparedStatement explain = tx.prepare("EXPLAIN QUERY PLAN SELECT s.id FROM morango_store s"
                    + " WHERE s.profile = ? AND ((s.last_saved_instance = ? AND s.last_saved_counter > ? AND "
                    + tx.dialect().startsWith("s.partition") + "))")) {
                explain.setString(1, "facilitydata");
                explain.setString(2, SERVER);
                explain.setLong(3, 1);
                explain.setString(4, Dialect.likePrefixPattern(DATASET));
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        lines.add(rows.getString("detail"));
                    }
                }
            }
            return lines;
        });
        print("incremental queue plan: %s", plan);
    }

    private static String rate(long records, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "%,.0f ms (%,.0f records/s)", seconds * 1000,
                records == 0 ? 0.0 : records / seconds);
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void print(String format, Object... args) {
        System.out.println("[exchange throughput] " + String.format(Locale.ROOT, format, args));
    }
}
