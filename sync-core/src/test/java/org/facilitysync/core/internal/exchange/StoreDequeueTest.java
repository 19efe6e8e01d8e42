package org.facilitysync.core.internal.exchange;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.exchange.ExchangeFixtures.StoreRecord;
import org.facilitysync.core.internal.fsic.DatabaseMaxCounterRow;
import org.facilitysync.core.internal.fsic.RecordMaxCounterRow;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dequeuing on real rows: every {@code merge.json} scenario, received as it came over the wire and
 * dequeued in one pass, must leave the Store row and record max counters Morango left; and the
 * DatabaseMaxCounter update keeps the higher counter where Morango lowers it.
 */
class StoreDequeueTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyMergeScenarioEndsAsInMorango(DatabaseKind kind) throws Exception {
        JsonNode merge = load("merge.json");
        Database receiver = databases.migrated(kind);
        JsonNode before = merge.path("receiver_instance_before").get(0);
        InstanceIdStore instances = ExchangeFixtures.instance(receiver, before.path("id").asText(),
                before.path("counter").asLong());
        List<StoreRecord> store = new ArrayList<>();
        List<RecordMaxCounterRow> counters = new ArrayList<>();
        List<JsonNode> incoming = new ArrayList<>();
        for (JsonNode scenario : elements(merge.path("scenarios"))) {
            JsonNode local = scenario.path("receiver_before");
            if (!local.path("store").isNull()) {
                store.add(StoreRecord.of(local.path("store")));
                counters.addAll(ExchangeFixtures.recordMaxCounters(local.path("record_max_counters")));
            }
            incoming.add(scenario.path("incoming_buffer_record"));
        }
        ExchangeFixtures.insertStore(receiver, store);
        ExchangeFixtures.insertRecordMaxCounters(receiver, counters);
        List<DatabaseMaxCounterRow> dmcBefore = ExchangeFixtures.databaseMaxCounters(merge.path("receiver_dmc_before"));
        ExchangeFixtures.insertDatabaseMaxCounters(receiver, dmcBefore);
        JsonNode pull = merge.path("pull2_transfer_session");
        String ts = ExchangeFixtures.transferSession(receiver, "a".repeat(32), pull.path("id").asText(),
                SyncFilter.parse(pull.path("filter").asText()), false, false, FsicFormat.V2,
                pull.path("client_fsic").asText(), pull.path("server_fsic").asText());
        ReceivedChunk received = new BufferChunkReceiver(receiver, ExchangeFixtures.TEST_APP)
                .receiveJson(ts, MorangoVectors.mapper().valueToTree(incoming), 0, 0);
        assertEquals(List.of(), received.rejected());
        assertEquals(incoming.size(), received.buffered());

        DequeueResult result = new StoreDequeue(receiver, instances).dequeueIntoStore(ts,
                pull.path("server_fsic").asText());

        Map<String, StoreRecord> after = ExchangeFixtures.store(receiver);
        List<String> rmcAfter = ExchangeFixtures.recordMaxCounters(receiver);
        for (JsonNode scenario : elements(merge.path("scenarios"))) {
            String what = scenario.path("record").asText() + " (" + scenario.path("scenario").asText() + ")";
            JsonNode expected = scenario.path("receiver_after_dequeue");
            String id = scenario.path("record_id").asText();
            assertEquals(StoreRecord.of(expected.path("store")), after.get(id), what + ": Store row");
            List<String> expectedRmcs = new ArrayList<>();
            ExchangeFixtures.recordMaxCounters(expected.path("record_max_counters")).forEach(
                    r -> expectedRmcs.add(r.storeModelId() + " " + r.instanceId() + " " + r.counter()));
            assertEquals(new TreeSet<>(expectedRmcs), new TreeSet<>(rmcAfter.stream()
                    .filter(r -> r.startsWith(id + " ")).toList()), what + ": record max counters");
        }
        JsonNode afterDequeue = merge.path("receiver_instance_after_dequeue").get(0);
        assertEquals(new InstanceIdStore.VersionStamp(afterDequeue.path("id").asText(),
                afterDequeue.path("counter").asLong()), result.stamp(), "one counter increment");
        assertEquals(instances.currentInstance().orElseThrow().counter(), afterDequeue.path("counter").asLong());
        assertEquals(new DequeueResult(result.stamp(), 4, 4, 3, 1), result, "bob, L1, L2, S1 | L3, L4, L6, L7 | L0, L5, S0");
        assertEquals(0, ExchangeFixtures.count(receiver, "SELECT count(*) FROM morango_buffer"));
        assertEquals(0, ExchangeFixtures.count(receiver, "SELECT count(*) FROM morango_recordmaxcounterbuffer"));

        // the server's sub counters are written; the rest of the table stays
        List<DatabaseMaxCounterRow> expectedDmc = new ArrayList<>(dmcBefore);
        String root = merge.path("root_cert_id").asText();
        expectedDmc.add(new DatabaseMaxCounterRow(root, merge.path("producer_instance").get(0).path("id").asText(),
                merge.path("producer_instance").get(0).path("counter").asLong()));
        assertTrue(VectorDmc.table(merge.path("receiver_dmc_after")).entrySet()
                .containsAll(VectorDmc.table(expectedDmc).entrySet()), "Morango's table after the pull has them too");
        assertEquals(VectorDmc.table(expectedDmc), VectorDmc.table(receiver));
    }

    /**
     * Morango 0.8.2 lowers a DatabaseMaxCounter when the sender's counter is lower ({@code update_fsics}
     * compares against a constant key); we keep the higher one. A lowered counter is never wrong, only
     * wasteful: the next sync re-sends what this node already has.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDatabaseMaxCounterIsNeverLowered(DatabaseKind kind) throws Exception {
        int loweredByMorango = 0;
        for (JsonNode vector : elements(load("fsic.json").path("update_fsics"))) {
            Database database = databases.migrated(kind);
            SyncFilter filter = new SyncFilter(MorangoVectors.strings(vector.path("filter")));
            List<DatabaseMaxCounterRow> before = ExchangeFixtures.databaseMaxCounters(vector.path("dmc_before"));
            ExchangeFixtures.insertDatabaseMaxCounters(database, before);
            FsicFormat format = vector.path("v2_format").asBoolean() ? FsicFormat.V2 : FsicFormat.V1;
            String incoming = PythonJson.dumps(vector.path("incoming_fsic"));

            database.inTransaction(tx -> DatabaseMaxCounters.raiseFromSender(tx, incoming, filter, format));

            Map<String, Long> morango = VectorDmc.table(ExchangeFixtures.databaseMaxCounters(vector.path("dmc_after")));
            Map<String, Long> expected = new LinkedHashMap<>(morango);
            before.forEach(row -> expected.merge(VectorDmc.key(row), row.counter(), Math::max));
            Map<String, Long> ours = VectorDmc.table(database);
            assertEquals(expected, ours, vector.path("description").asText()
                    + ": Morango recorded " + morango + "; we keep the higher counter");
            for (DatabaseMaxCounterRow row : before) {
                if (morango.get(VectorDmc.key(row)) < row.counter()) {
                    loweredByMorango++;
                    assertEquals(row.counter(), ours.get(VectorDmc.key(row)), "kept where Morango lowered");
                }
            }
        }
        assertEquals(2, loweredByMorango, "the vectors where Morango lowers a counter (one v2, one v1)");
    }

    /** DMC tables as "(partition, instance) -> counter" maps. */
    static final class VectorDmc {
        static Map<String, Long> table(JsonNode rows) {
            return table(ExchangeFixtures.databaseMaxCounters(rows));
        }

        static Map<String, Long> table(List<DatabaseMaxCounterRow> rows) {
            Map<String, Long> table = new java.util.TreeMap<>();
            rows.forEach(r -> table.put(key(r), r.counter()));
            return table;
        }

        static Map<String, Long> table(Database database) {
            List<DatabaseMaxCounterRow> rows = new ArrayList<>();
            for (String row : ExchangeFixtures.strings(database,
                    "SELECT partition, instance_id, counter FROM morango_databasemaxcounter")) {
                int last = row.lastIndexOf(' ');
                int middle = row.lastIndexOf(' ', last - 1);
                rows.add(new DatabaseMaxCounterRow(row.substring(0, middle), row.substring(middle + 1, last),
                        Long.parseLong(row.substring(last + 1))));
            }
            return table(rows);
        }

        static String key(DatabaseMaxCounterRow row) {
            return "(" + row.partition() + ", " + row.instanceId() + ")";
        }
    }
}
