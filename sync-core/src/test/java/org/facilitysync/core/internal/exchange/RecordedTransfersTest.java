package org.facilitysync.core.internal.exchange;

import org.facilitysync.core.internal.wire.BufferPage;
import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.facilitysync.core.internal.vectors.MorangoVectors.loadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two recorded transfers replayed on the producer's real tables: queuing with the recorded FSICs
 * selects exactly the records on the wire, and the chunks read back are those records, whose pages
 * (server JSON of {@code GET buffers/}) and bodies (client JSON of {@code POST buffers/}) hash to the
 * recorded bytes.
 *
 * <p>Record order is not compared: Morango sends the producer's Store in its physical row order (SQLite
 * rowid), which the state dumps do not record; we send in the order of the queue's index
 * (last-saved instance and counter). The receiver does not depend on it. The page hashes are therefore
 * checked with our records arranged in the transcript's order.
 */
class RecordedTransfersTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final int CHUNK = 7;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pullPagesAreMorangosBytes(DatabaseKind kind) throws Exception {
        JsonNode session = FsicQueryTest.recordedSession(false);
        JsonNode created = transferSessionCreated("transcript-pull.jsonl");
        Database server = databases.migrated(kind);
        // the server serialized before queuing; a pull changes nothing on the producer afterwards
        FsicQueryTest.loadStateDump(server, load("state-after-pull.json").path("server"));
        String ts = ExchangeFixtures.transferSession(server, created.path("sync_session_id").asText(),
                created.path("id").asText(), SyncFilter.parse(created.path("filter").asText()), false, true,
                FsicFormat.V2, session.path("client_fsic_wire_string").asText(),
                session.path("server_fsic_wire_string").asText());

        long total = new BufferQueue(server).queueIntoBuffer(ts);

        List<JsonNode> pages = new ArrayList<>();
        for (JsonNode exchange : loadLines("transcript-pull.jsonl")) {
            if (exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")) {
                pages.add(exchange);
            }
        }
        assertEquals(session.path("records_total_queued").asLong(), total);
        Map<String, BufferRecord> ours = readAll(server, ts, total);
        Map<String, BufferRecord> recorded = new HashMap<>();
        for (JsonNode page : pages) {
            for (JsonNode record : elements(page.path("response_body").path("results"))) {
                recorded.put(record.path("model_uuid").asText(), BufferRecordParser.parse(record));
            }
        }
        assertEquals(recorded.keySet(), ours.keySet(), "the records on the wire");
        assertEquals(recorded, ours, "every field of every record, rmcb_list included");

        for (JsonNode page : pages) {
            JsonNode body = page.path("response_body");
            List<BufferRecord> inRecordedOrder = new ArrayList<>();
            elements(body.path("results")).forEach(r -> inRecordedOrder.add(ours.get(r.path("model_uuid").asText())));
            String text = BufferPage.json(body.path("count").asLong(),
                    body.path("next").isNull() ? null : body.path("next").asText(),
                    body.path("previous").isNull() ? null : body.path("previous").asText(), inRecordedOrder);
            assertEquals(page.path("response_body_info").path("text_sha256").asText(), sha256(text),
                    "bytes of " + page.path("path").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pushBodiesAreMorangosBytes(DatabaseKind kind) throws Exception {
        JsonNode session = FsicQueryTest.recordedSession(true);
        JsonNode created = transferSessionCreated("transcript-push.jsonl");
        Database client = databases.migrated(kind);
        FsicQueryTest.loadStateDump(client, load("state-after-push.json").path("client"));
        String ts = ExchangeFixtures.transferSession(client, created.path("sync_session_id").asText(),
                created.path("id").asText(), SyncFilter.parse(created.path("filter").asText()), true, false,
                FsicFormat.V2, session.path("client_fsic_wire_string").asText(),
                session.path("server_fsic_wire_string").asText());

        long total = new BufferQueue(client).queueIntoBuffer(ts);

        assertEquals(session.path("records_total_queued").asLong(), total);
        Map<String, BufferRecord> ours = readAll(client, ts, total);
        List<JsonNode> posts = new ArrayList<>();
        Map<String, BufferRecord> recorded = new HashMap<>();
        for (JsonNode exchange : loadLines("transcript-push.jsonl")) {
            if (exchange.path("method").asText().equals("POST")
                    && exchange.path("path").asText().equals("/api/morango/v1/buffers/")) {
                posts.add(exchange);
                for (JsonNode record : elements(exchange.path("request_body"))) {
                    recorded.put(record.path("model_uuid").asText(), BufferRecordParser.parse(record));
                }
            }
        }
        assertEquals(recorded, ours, "every field of every record, rmcb_list order included");
        for (JsonNode post : posts) {
            List<BufferRecord> inRecordedOrder = new ArrayList<>();
            elements(post.path("request_body")).forEach(r -> inRecordedOrder.add(ours.get(r.path("model_uuid").asText())));
            String text = BufferRecordJson.records(inRecordedOrder, BufferRecordJson.Style.CLIENT);
            assertEquals(post.path("request_body_info").path("text_sha256").asText(), sha256(text),
                    "bytes of POST buffers/ #" + post.path("seq").asInt());
        }
    }

    /** Every record, read in chunks of {@value #CHUNK} as a transfer would; checks the chunk sizes on the way. */
    private static Map<String, BufferRecord> readAll(Database database, String ts, long total) {
        BufferChunkReader reader = new BufferChunkReader(database);
        Map<String, BufferRecord> records = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (long offset = 0; offset < total; offset += CHUNK) {
            List<BufferRecord> chunk = reader.read(ts, offset, CHUNK);
            assertEquals(Math.min(CHUNK, total - offset), chunk.size(), "chunk at offset " + offset);
            chunk.forEach(r -> {
                records.put(r.modelUuid(), r);
                order.add(r.modelUuid());
            });
        }
        assertEquals(List.of(), reader.read(ts, total, CHUNK), "nothing past the end");
        assertEquals(total, new HashSet<>(order).size(), "no record twice");
        assertEquals(order, ExchangeFixtures.strings(database,
                "SELECT model_uuid FROM morango_buffer WHERE transfer_session_id = ? ORDER BY id", ts),
                "chunks follow the buffer key order");
        return records;
    }

    private static JsonNode transferSessionCreated(String transcript) {
        for (JsonNode exchange : loadLines(transcript)) {
            if (exchange.path("method").asText().equals("POST")
                    && exchange.path("path").asText().equals("/api/morango/v1/transfersessions/")) {
                return exchange.path("request_body");
            }
        }
        throw new AssertionError(transcript + " creates no transfer session");
    }

    static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
