package org.facilitysync.core.internal.fsic;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.facilitysync.core.internal.vectors.MorangoVectors.loadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.identity.PythonJson;
import org.junit.jupiter.api.Test;

/**
 * {@code fsic.json} → {@code recorded_sessions}, tied to the real recordings: the FSIC wire strings
 * of both transfers are recomputed from the state dumps of the moment each side computed them, and
 * the queue predicate over the producer's real Store selects exactly the records on the wire.
 */
class RecordedSessionsFsicTest {

    private static JsonNode session(boolean push) {
        for (JsonNode s : elements(load("fsic.json").path("recorded_sessions"))) {
            if (s.path("push").asBoolean() == push) {
                return s;
            }
        }
        throw new AssertionError("no recorded session with push=" + push);
    }

    @Test
    void pull() {
        JsonNode session = session(false);
        SyncFilter filter = SyncFilter.parse(session.path("filter").asText());
        // the server (producer) serialized before computing its FSIC: its Store and DMC then are those after the pull
        VectorRows server = VectorRows.ofStateDump(load("state-after-pull.json").path("server"));
        VectorRows client = VectorRows.ofStateDump(load("state-initial.json").path("client"));
        FsicV2 serverFsic = server.fsicV2(filter, FsicSide.PRODUCER, true);
        FsicV2 clientFsic = client.fsicV2(filter, FsicSide.RECEIVER, true);
        assertEquals(session.path("server_fsic_wire_string").asText(), FsicJson.write(serverFsic));
        assertEquals(session.path("client_fsic_wire_string").asText(), FsicJson.write(clientFsic));

        PartitionCounters diff = checkExpansionAndDiff(session, filter, serverFsic, clientFsic, clientFsic, serverFsic);
        Set<String> onTheWire = new HashSet<>();
        for (JsonNode exchange : loadLines("transcript-pull.jsonl")) {
            if (exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")) {
                elements(exchange.path("response_body").path("results")).forEach(r -> onTheWire.add(r.path("model_uuid").asText()));
            }
        }
        assertQueued(session, server, diff, onTheWire);
    }

    @Test
    void push() {
        JsonNode session = session(true);
        SyncFilter filter = SyncFilter.parse(session.path("filter").asText());
        // the client (producer) serialized first; a push does not change the producer's tables afterwards
        VectorRows client = VectorRows.ofStateDump(load("state-after-push.json").path("client"));
        // the server (receiver) computed its FSIC before dequeuing anything
        VectorRows server = VectorRows.ofStateDump(load("state-before-push.json").path("server"));
        FsicV2 clientFsic = client.fsicV2(filter, FsicSide.PRODUCER, true);
        FsicV2 serverFsic = server.fsicV2(filter, FsicSide.RECEIVER, true);
        assertEquals(session.path("client_fsic_wire_string").asText(), FsicJson.write(clientFsic));
        assertEquals(session.path("server_fsic_wire_string").asText(), FsicJson.write(serverFsic));

        PartitionCounters diff = checkExpansionAndDiff(session, filter, serverFsic, clientFsic, serverFsic, clientFsic);
        Set<String> onTheWire = new HashSet<>();
        for (JsonNode exchange : loadLines("transcript-push.jsonl")) {
            if (exchange.path("method").asText().equals("POST") && exchange.path("path").asText().equals("/api/morango/v1/buffers/")) {
                elements(exchange.path("request_body")).forEach(r -> onTheWire.add(r.path("model_uuid").asText()));
            }
        }
        assertQueued(session, client, diff, onTheWire);

        // after dequeuing, the server wrote the client's sub counters into its DMC table
        List<DatabaseMaxCounterRow> upserts = DatabaseMaxCounterUpdate.upsertsV2(server.databaseMaxCounters(),
                FsicJson.parseV2(session.path("client_fsic_wire_string").asText()));
        JsonNode serverAfter = load("state-after-push.json").path("server").path("database_max_counters");
        for (DatabaseMaxCounterRow row : upserts) {
            assertTrue(VectorRows.dmcs(serverAfter).contains(row), "server's DMC after the push has " + row);
        }
    }

    private static PartitionCounters checkExpansionAndDiff(JsonNode session, SyncFilter filter, FsicV2 serverFsic,
                                                           FsicV2 clientFsic, FsicV2 receiverFsic, FsicV2 producerFsic) {
        assertEquals(PythonJson.dumps(session.path("server_fsic_expanded")),
                FsicJson.write(FsicExpansion.expandForUse(serverFsic, filter)));
        assertEquals(PythonJson.dumps(session.path("client_fsic_expanded")),
                FsicJson.write(FsicExpansion.expandForUse(clientFsic, filter)));
        PartitionCounters diff = FsicDiff.directionalV2(FsicExpansion.expandForUse(producerFsic, filter),
                FsicExpansion.expandForUse(receiverFsic, filter));
        assertEquals(PythonJson.dumps(session.path("producer_to_receiver_diff")), FsicJson.write(diff));
        return diff;
    }

    private static void assertQueued(JsonNode session, VectorRows producer, PartitionCounters diff, Set<String> onTheWire) {
        Set<String> selected = new HashSet<>();
        QueueSelection.selectV2(producer.store(), diff).forEach(r -> selected.add(r.id()));
        assertEquals(session.path("records_total_queued").asInt(), selected.size(), "records_total");
        assertEquals(onTheWire, selected, "records Morango sent");
    }
}
