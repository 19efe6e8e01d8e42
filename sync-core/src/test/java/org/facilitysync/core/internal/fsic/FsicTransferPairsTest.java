package org.facilitysync.core.internal.fsic;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.identity.PythonJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code fsic.json} → {@code producer_receiver_pairs}: both sides' FSICs from their rows, expanded,
 * the diff, and the Store records (with RecordMaxCounters) that our queue predicate selects must be
 * exactly those Morango's queue function put in the buffer.
 */
class FsicTransferPairsTest {

    @TestFactory
    Stream<DynamicTest> everyPair() {
        JsonNode fsic = load("fsic.json");
        Map<String, JsonNode> states = new HashMap<>();
        elements(fsic.path("db_states")).forEach(s -> states.put(s.path("name").asText(), s.path("state")));
        Map<String, String> readableInstance = new HashMap<>();
        fsic.path("instance_ids").fields().forEachRemaining(e -> readableInstance.put(e.getValue().asText(), e.getKey()));

        return elements(fsic.path("producer_receiver_pairs")).stream().map(pair -> dynamicTest(
                pair.path("producer_state").asText() + " -> " + pair.path("receiver_state").asText() + " "
                        + pair.path("filter") + ": " + pair.path("description").asText(), () -> {
                    SyncFilter filter = VectorRows.filter(pair.path("filter"));
                    JsonNode producerState = states.get(pair.path("producer_state").asText());
                    VectorRows producer = VectorRows.ofFsicState(producerState);
                    VectorRows receiver = VectorRows.ofFsicState(states.get(pair.path("receiver_state").asText()));

                    FsicV2 producerFsic = producer.fsicV2(filter, FsicSide.PRODUCER, true);
                    FsicV2 receiverFsic = receiver.fsicV2(filter, FsicSide.RECEIVER, true);
                    assertEquals(PythonJson.dumps(pair.path("producer_fsic")), FsicJson.write(producerFsic));
                    assertEquals(PythonJson.dumps(pair.path("receiver_fsic")), FsicJson.write(receiverFsic));

                    // what the producer does at queuing time, with the FSIC texts both sides exchanged
                    FsicV2 producerSent = FsicJson.parseV2(FsicJson.write(producerFsic));
                    FsicV2 receiverSent = FsicJson.parseV2(FsicJson.write(receiverFsic));
                    FsicExpansion.requireSubPartitionsInFilter(producerSent, filter);
                    FsicExpansion.requireSubPartitionsInFilter(receiverSent, filter);
                    PartitionCounters producerExpanded = FsicExpansion.expandForUse(producerSent, filter);
                    PartitionCounters receiverExpanded = FsicExpansion.expandForUse(receiverSent, filter);
                    assertEquals(PythonJson.dumps(pair.path("producer_expanded")), FsicJson.write(producerExpanded));
                    assertEquals(PythonJson.dumps(pair.path("receiver_expanded")), FsicJson.write(receiverExpanded));
                    PartitionCounters diff = FsicDiff.directionalV2(producerExpanded, receiverExpanded);
                    assertEquals(PythonJson.dumps(pair.path("diff")), FsicJson.write(diff));

                    Map<String, String> nameById = new HashMap<>();
                    elements(producerState.path("store")).forEach(r -> nameById.put(r.path("id").asText(), r.path("name").asText()));
                    List<StoreRow> queued = QueueSelection.selectV2(producer.store(), diff);
                    Set<String> queuedNames = new HashSet<>();
                    queued.forEach(r -> queuedNames.add(nameById.get(r.id())));
                    Set<String> expectedNames = new HashSet<>();
                    elements(pair.path("queued_store_records")).forEach(n -> expectedNames.add(n.asText()));
                    assertEquals(expectedNames, queuedNames, "queued Store records");

                    Set<String> queuedIds = new HashSet<>();
                    queued.forEach(r -> queuedIds.add(r.id()));
                    Set<List<Object>> rmcBuffers = new HashSet<>();
                    for (RecordMaxCounterRow rmc : producer.recordMaxCounters()) {
                        if (queuedIds.contains(rmc.storeModelId())) {
                            rmcBuffers.add(List.of(nameById.get(rmc.storeModelId()),
                                    readableInstance.get(rmc.instanceId()), rmc.counter()));
                        }
                    }
                    Set<List<Object>> expectedBuffers = new HashSet<>();
                    elements(pair.path("queued_record_max_counter_buffers")).forEach(b -> expectedBuffers.add(
                            List.of(b.get(0).asText(), b.get(1).asText(), b.get(2).asLong())));
                    assertEquals(expectedBuffers, rmcBuffers, "queued RecordMaxCounterBuffers");
                }));
    }
}
