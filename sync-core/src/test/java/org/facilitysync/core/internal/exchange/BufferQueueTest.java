package org.facilitysync.core.internal.exchange;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.exchange.ExchangeFixtures.StoreRecord;
import org.facilitysync.core.internal.fsic.InvalidFsicPartitionException;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Queuing into the buffer from real rows: what Morango's queue function put there, and the rules around it. */
class BufferQueueTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String I1 = "1".repeat(32);
    private static final String I2 = "2".repeat(32);

    /** {@code fsic.json} → {@code producer_receiver_pairs}: exactly the recorded records and RMC buffers. */
    @TestFactory
    Stream<DynamicTest> everyProducerReceiverPair() {
        JsonNode fsic = load("fsic.json");
        Map<String, JsonNode> states = new HashMap<>();
        elements(fsic.path("db_states")).forEach(s -> states.put(s.path("name").asText(), s.path("state")));
        Map<String, String> readableInstance = new HashMap<>();
        fsic.path("instance_ids").fields().forEachRemaining(e -> readableInstance.put(e.getValue().asText(), e.getKey()));
        List<DynamicTest> tests = new ArrayList<>();
        for (DatabaseKind kind : DatabaseKind.values()) {
            for (JsonNode pair : elements(fsic.path("producer_receiver_pairs"))) {
                tests.add(dynamicTest(kind + " " + pair.path("producer_state").asText() + " -> "
                        + pair.path("receiver_state").asText() + " " + pair.path("filter") + ": "
                        + pair.path("description").asText(), () -> {
                    Database producer = databases.migrated(kind);
                    JsonNode producerState = states.get(pair.path("producer_state").asText());
                    FsicQueryTest.loadFsicState(producer, producerState);
                    SyncFilter filter = new SyncFilter(MorangoVectors.strings(pair.path("filter")));
                    // a pull: the server produces
                    String ts = ExchangeFixtures.transferSession(producer, "s1", "t1", filter, false, true,
                            FsicFormat.V2, PythonJson.dumps(pair.path("receiver_fsic")),
                            PythonJson.dumps(pair.path("producer_fsic")));

                    long total = new BufferQueue(producer).queueIntoBuffer(ts);

                    Map<String, String> nameById = new HashMap<>();
                    elements(producerState.path("store")).forEach(r -> nameById.put(r.path("id").asText(),
                            r.path("name").asText()));
                    Set<String> queued = new HashSet<>();
                    ExchangeFixtures.strings(producer, "SELECT model_uuid FROM morango_buffer").forEach(
                            id -> queued.add(nameById.get(id)));
                    Set<String> expected = new HashSet<>(MorangoVectors.strings(pair.path("queued_store_records")));
                    assertEquals(expected, queued, "queued Store records");
                    assertEquals(expected.size(), total, "records_total");
                    assertEquals(List.of(String.valueOf(total)), ExchangeFixtures.strings(producer,
                            "SELECT records_total FROM morango_transfersession WHERE id = 't1'"));

                    Set<List<Object>> buffers = new HashSet<>();
                    for (String row : ExchangeFixtures.strings(producer,
                            "SELECT model_uuid, instance_id, counter FROM morango_recordmaxcounterbuffer")) {
                        String[] c = row.split(" ");
                        buffers.add(List.of(nameById.get(c[0]), readableInstance.get(c[1]), Long.parseLong(c[2])));
                    }
                    Set<List<Object>> expectedBuffers = new HashSet<>();
                    elements(pair.path("queued_record_max_counter_buffers")).forEach(b -> expectedBuffers.add(
                            List.of(b.get(0).asText(), b.get(1).asText(), b.get(2).asLong())));
                    assertEquals(expectedBuffers, buffers, "queued RecordMaxCounterBuffers");
                }));
            }
        }
        return tests.stream();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anFsicPartitionOutsideTheFilterIsRefusedBeforeAnythingIsQueued(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        ExchangeFixtures.insertStore(database, List.of(record("a", "p:1", I1, 3)));
        String ts = ExchangeFixtures.transferSession(database, "s1", "t1", SyncFilter.of("p:1"), false, true,
                FsicFormat.V2, "{\"super\": {}, \"sub\": {\"q\": {}}}",
                "{\"super\": {}, \"sub\": {\"p:1\": {\"" + I1 + "\": 3}}}");

        InvalidFsicPartitionException refused = assertThrows(InvalidFsicPartitionException.class,
                () -> new BufferQueue(database).queueIntoBuffer(ts));

        assertEquals("Partition 'q' is not in filter 'p:1'", refused.getMessage());
        assertEquals(0, ExchangeFixtures.count(database, "SELECT count(*) FROM morango_buffer"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void prefixesMatchLiterallyAndOnlyTheSessionsProfileIsQueued(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        StoreRecord otherProfile = new StoreRecord("c".repeat(32), "otherprofile", "{}", false, false, I1, 5,
                "p_x", "c", "thing", "", "", false, "", null);
        ExchangeFixtures.insertStore(database, List.of(record("a", "p_x:1", I1, 3), record("b", "pqx:1", I1, 3),
                otherProfile));
        // "_" would match any character in an unescaped LIKE, so 'pqx:1' would be queued too
        String ts = ExchangeFixtures.transferSession(database, "s1", "t1", SyncFilter.of("p_x"), true, false,
                FsicFormat.V2, "{\"super\": {}, \"sub\": {\"p_x\": {\"" + I1 + "\": 5}}}",
                "{\"super\": {}, \"sub\": {}}");

        assertEquals(1, new BufferQueue(database).queueIntoBuffer(ts));
        assertEquals(List.of(id("a")), ExchangeFixtures.strings(database, "SELECT model_uuid FROM morango_buffer"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void queuingAgainReplacesTheQueueUntilRecordsAreTransferred(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        ExchangeFixtures.insertStore(database, List.of(record("a", "p", I1, 3), record("b", "p", I2, 4)));
        ExchangeFixtures.insertRecordMaxCounters(database, List.of(
                new org.facilitysync.core.internal.fsic.RecordMaxCounterRow(id("a"), I1, 3),
                new org.facilitysync.core.internal.fsic.RecordMaxCounterRow(id("b"), I2, 4),
                new org.facilitysync.core.internal.fsic.RecordMaxCounterRow(id("b"), I1, 1)));
        String ts = ExchangeFixtures.transferSession(database, "s1", "t1", SyncFilter.of("p"), true, false,
                FsicFormat.V2, "{\"super\": {}, \"sub\": {\"p\": {\"" + I1 + "\": 3, \"" + I2 + "\": 4}}}",
                "{\"super\": {}, \"sub\": {}}");
        BufferQueue queue = new BufferQueue(database);

        assertEquals(2, queue.queueIntoBuffer(ts));
        assertEquals(2, queue.queueIntoBuffer(ts));

        assertEquals(2, ExchangeFixtures.count(database, "SELECT count(*) FROM morango_buffer"));
        assertEquals(3, ExchangeFixtures.count(database, "SELECT count(*) FROM morango_recordmaxcounterbuffer"));
        database.inTransaction(tx -> tx.update("UPDATE morango_transfersession SET records_transferred = 1"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> queue.queueIntoBuffer(ts));
        assertTrue(refused.getMessage().contains("transferred 1 records already"), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void legacyV1QueuesByInstanceUnderEveryFilterPartition(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        ExchangeFixtures.insertStore(database, List.of(record("a", "p:1", I1, 3), record("b", "q:1", I1, 7),
                record("c", "p:2", I2, 2), record("d", "r", I1, 9)));
        String ts = ExchangeFixtures.transferSession(database, "s1", "t1", SyncFilter.of("p", "q"), false, true,
                FsicFormat.V1, "{\"" + I1 + "\": 5}", "{\"" + I1 + "\": 9, \"" + I2 + "\": 2}");

        // the receiver has I1 up to 5 and nothing of I2; 'r' is outside the filter
        assertEquals(2, new BufferQueue(database).queueIntoBuffer(ts));
        assertEquals(Set.of(id("b"), id("c")),
                new HashSet<>(ExchangeFixtures.strings(database, "SELECT model_uuid FROM morango_buffer")));
    }

    static String id(String name) {
        return org.facilitysync.api.model.MorangoIds.sha2Uuid(name);
    }

    static StoreRecord record(String name, String partition, String instance, long counter) {
        return new StoreRecord(id(name), ExchangeFixtures.PROFILE, "{\"name\": \"" + name + "\"}", false, false,
                instance, counter, partition, name, "thing", "", "", false, "", null);
    }
}
