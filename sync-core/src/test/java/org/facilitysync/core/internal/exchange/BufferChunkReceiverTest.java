package org.facilitysync.core.internal.exchange;

import static org.facilitysync.core.internal.vectors.MorangoVectors.loadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.session.JdbcTransferSessionStore;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receiving side on the recorded pull's pages: every record is accepted and counted once, a page
 * received twice changes nothing, and each kind of bad record is refused on its own, named, kept and
 * counted once, while the rest of its chunk applies.
 */
class BufferChunkReceiverTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String TS = "7676a85bfbc842ecb422c8d71e942f4b";
    private static final String ROOT = "8792b19af51e86710beb3cf182bc5ac6";

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyRecordedPageIsBufferedOnceAndCounted(DatabaseKind kind) {
        Database client = receiver(kind);
        BufferChunkReceiver receiver = new BufferChunkReceiver(client, ExchangeFixtures.TEST_APP);
        List<JsonNode> pages = pages();
        long transferred = 0;
        for (JsonNode page : pages) {
            JsonNode results = page.path("response_body").path("results");
            ReceivedChunk chunk = receiver.receiveJson(TS, results, 100, 1000);
            transferred += results.size();
            assertEquals(new ReceivedChunk(results.size(), results.size(), 0, List.of(), transferred), chunk);
        }
        assertEquals(30, transferred);
        assertEquals(30, ExchangeFixtures.count(client, "SELECT count(*) FROM morango_buffer"));
        assertEquals(30, ExchangeFixtures.count(client, "SELECT count(*) FROM morango_recordmaxcounterbuffer"));
        assertEquals(List.of("30 500 5000"), ExchangeFixtures.strings(client,
                "SELECT records_transferred, bytes_sent, bytes_received FROM morango_transfersession"));

        // the second page again, as a resumed transfer would re-send it
        JsonNode again = pages.get(1).path("response_body").path("results");
        ReceivedChunk repeated = receiver.receiveJson(TS, again, 100, 1000);

        assertEquals(new ReceivedChunk(7, 0, 7, List.of(), 30), repeated);
        assertEquals(30, ExchangeFixtures.count(client, "SELECT count(*) FROM morango_buffer"));
        assertEquals(30, ExchangeFixtures.count(client, "SELECT count(*) FROM morango_recordmaxcounterbuffer"));
        // what was buffered is what was sent, with the receiver's profile
        List<BufferRecord> readBack = new BufferChunkReader(client).read(TS, 0, 30);
        Map<String, BufferRecord> sent = new TreeMap<>();
        for (JsonNode page : pages) {
            for (JsonNode record : page.path("response_body").path("results")) {
                sent.put(record.path("model_uuid").asText(), parse(record));
            }
        }
        Map<String, BufferRecord> stored = new TreeMap<>();
        readBack.forEach(r -> stored.put(r.modelUuid(), r));
        assertEquals(sent, stored);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void badRecordsAreRefusedOneByOneAndTheRestOfTheChunkApplies(DatabaseKind kind) {
        Database client = receiver(kind);
        BufferChunkReceiver receiver = new BufferChunkReceiver(client, ExchangeFixtures.TEST_APP);
        JsonNode page = pages().get(0).path("response_body").path("results");
        ObjectNode user = (ObjectNode) page.get(0);
        ArrayNode chunk = MorangoVectors.mapper().createArrayNode();
        chunk.add(page.get(1));
        chunk.add(changed(page.get(2), r -> r.put("model_uuid", "0" + r.path("model_uuid").asText().substring(1))));
        chunk.add(changed(page.get(3), r -> r.put("partition", "663553a58518570baea6873a7c73dfd7:user:interaction")));
        chunk.add(changed(page.get(4), r -> ((ObjectNode) r.path("rmcb_list").get(0)).put("transfer_session", "f".repeat(32))));
        chunk.add(changed(page.get(5), r -> ((ObjectNode) r.path("rmcb_list").get(0)).put("model_uuid", "e".repeat(32))));
        chunk.add(changed(page.get(6), r -> r.put("deleted", "no")));
        chunk.add(changed(user, r -> r.put("profile", "someotherprofile")));
        chunk.add(changed(user, r -> r.put("last_saved_counter", -1)));
        chunk.add(changed(user, r -> r.remove("model_uuid")));
        chunk.add(MorangoVectors.mapper().getNodeFactory().textNode("not a record"));

        ReceivedChunk received = receiver.receiveJson(TS, chunk, 0, 0);

        String log = page.get(2).path("model_uuid").asText();
        List<String> reasons = new ArrayList<>();
        received.rejected().forEach(r -> reasons.add(r.modelName() + " " + r.modelUuid() + ": " + r.reason()));
        assertEquals(2, received.buffered(), "the good log and bob (whose profile is simply replaced): " + reasons);
        assertEquals(8, received.rejected().size(), String.join("\n", reasons));
        assertRefused(received, "contentinteractionlog", "0" + log.substring(1), "does not recompute");
        assertRefused(received, "contentinteractionlog", page.get(3).path("model_uuid").asText(),
                "partition '663553a58518570baea6873a7c73dfd7:user:interaction' is not within the transfer session's filter '"
                        + ROOT + "'");
        assertRefused(received, "contentinteractionlog", page.get(4).path("model_uuid").asText(),
                "an rmcb_list entry names transfer session '" + "f".repeat(32) + "'");
        assertRefused(received, "contentinteractionlog", page.get(5).path("model_uuid").asText(),
                "an rmcb_list entry names model_uuid '" + "e".repeat(32) + "'");
        assertRefused(received, "contentinteractionlog", page.get(6).path("model_uuid").asText(),
                "'deleted' must be true or false, got string \"no\"");
        assertRefused(received, "user", ROOT, "'last_saved_counter' must be a non-negative integer, got number -1");
        assertRefused(received, "user", null, "'model_uuid' must be a string, got nothing");
        assertRefused(received, null, null, "a buffer record must be a JSON object, got string");
        assertEquals(List.of(ExchangeFixtures.PROFILE), ExchangeFixtures.strings(client,
                "SELECT DISTINCT profile FROM morango_buffer"), "the receiver's profile, whatever was sent");
        assertEquals(10, received.recordsTransferred(), "every distinct record received counts, refused or not");
        assertEquals(8, receiver.rejections(TS).size(), "kept in the database");

        ReceivedChunk again = receiver.receiveJson(TS, chunk, 0, 0);

        assertEquals(new ReceivedChunk(10, 0, 10, received.rejected(), 10), again);
        assertEquals(8, receiver.rejections(TS).size());
        assertEquals(2, ExchangeFixtures.count(client, "SELECT count(*) FROM morango_buffer"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anEndedTransferSessionTakesNoRecords(DatabaseKind kind) {
        Database client = receiver(kind);
        MutableTransferState.of(new JdbcTransferSessionStore(client), TS).deactivate();

        IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                new BufferChunkReceiver(client, ExchangeFixtures.TEST_APP).receiveJson(TS,
                        pages().get(0).path("response_body").path("results"), 0, 0));

        assertTrue(refused.getMessage().contains("has ended"), refused.getMessage());
        assertEquals(0, ExchangeFixtures.count(client, "SELECT count(*) FROM morango_buffer"));
    }

    private static void assertRefused(ReceivedChunk chunk, String modelName, String modelUuid, String reason) {
        for (RecordRejection rejection : chunk.rejected()) {
            if (java.util.Objects.equals(rejection.modelName(), modelName)
                    && java.util.Objects.equals(rejection.modelUuid(), modelUuid) && rejection.reason().contains(reason)) {
                return;
            }
        }
        throw new AssertionError("no refusal of " + modelName + " " + modelUuid + " saying \"" + reason + "\" in "
                + chunk.rejected());
    }

    private static JsonNode changed(JsonNode record, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = record.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static BufferRecord parse(JsonNode record) {
        try {
            return BufferRecordParser.parse(record);
        } catch (BufferRecordParser.MalformedRecordException e) {
            throw new AssertionError(e.rejection().toString(), e);
        }
    }

    /** The pull's client: its transfer session (receiver side) with the recorded ids and filter. */
    private static Database receiver(DatabaseKind kind) {
        Database client = databases.migrated(kind);
        ExchangeFixtures.transferSession(client, "3307ce87542f48ce8b17616f63771568", TS, SyncFilter.of(ROOT), false,
                false, FsicFormat.V2, "{\"super\": {}, \"sub\": {}}", "{\"super\": {}, \"sub\": {}}");
        return client;
    }

    private static List<JsonNode> pages() {
        List<JsonNode> pages = new ArrayList<>();
        for (JsonNode exchange : loadLines("transcript-pull.jsonl")) {
            if (exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")) {
                pages.add(exchange);
            }
        }
        return pages;
    }
}
