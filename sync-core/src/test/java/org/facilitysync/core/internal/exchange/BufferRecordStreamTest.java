package org.facilitysync.core.internal.exchange;

import static org.facilitysync.core.internal.vectors.MorangoVectors.loadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/**
 * The streamed reader is only a fast path of {@link BufferRecordParser}: on the recorded records (as
 * the server's pages and the client's push bodies carry them) it gives exactly the tree reader's
 * records, and on anything not plain it steps aside (null) rather than deciding differently.
 */
class BufferRecordStreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void recordedRecordsStreamAsTheTreeReadsThem() throws Exception {
        List<JsonNode> records = recordedRecords();
        assertEquals(30, records.size());
        ArrayNode array = MAPPER.createArrayNode();
        List<BufferRecord> expected = new ArrayList<>();
        for (JsonNode record : records) {
            array.add(record);
            expected.add(BufferRecordParser.parse(record));
        }
        // both styles of text: a page (compact) and a push body (Python's separators)
        assertEquals(expected, streamArray(array.toString()));
        assertEquals(expected, streamArray(BufferRecordJson.records(expected, BufferRecordJson.Style.CLIENT)));
        assertEquals(expected, streamArray(BufferRecordJson.records(expected, BufferRecordJson.Style.SERVER)));
        assertEquals(expected.get(0), streamRecord(records.get(0).toString()));
    }

    @Test
    void defaultsAndUnknownKeysAreReadAsTheTreeReadsThem() throws Exception {
        ObjectNode record = (ObjectNode) recordedRecords().get(0).deepCopy();
        record.putNull("profile");
        record.putNull("conflicting_serialized_data");
        record.remove("_self_ref_fk");
        record.putNull("deleted");
        record.remove("hard_deleted");
        record.putObject("extra").putArray("nested").add(1).addObject().put("deep", "x");
        ((ObjectNode) record.get("rmcb_list").get(0)).put("unknown", 5);
        BufferRecord expected = BufferRecordParser.parse(record);
        assertEquals(expected, streamRecord(record.toString()));
    }

    @Test
    void anythingNotPlainIsLeftToTheTreeReader() throws Exception {
        JsonNode recorded = recordedRecords().get(0);
        List<String> notPlain = new ArrayList<>();
        notPlain.add(with(recorded, r -> r.put("deleted", "yes")));
        notPlain.add(with(recorded, r -> r.put("last_saved_counter", -1)));
        notPlain.add(with(recorded, r -> r.put("last_saved_counter", 1.5)));
        notPlain.add(with(recorded, r -> r.put("last_saved_counter", new java.math.BigInteger("99999999999999999999"))));
        notPlain.add(with(recorded, r -> r.putNull("serialized")));
        notPlain.add(with(recorded, r -> r.put("partition", 7)));
        notPlain.add(with(recorded, r -> r.remove("model_uuid")));
        notPlain.add(with(recorded, r -> r.put("rmcb_list", "none")));
        notPlain.add(with(recorded, r -> ((ObjectNode) r.get("rmcb_list").get(0)).remove("counter")));
        notPlain.add(with(recorded, r -> ((ObjectNode) r.get("rmcb_list").get(0)).putNull("instance_id")));
        notPlain.add(with(recorded, r -> ((ArrayNode) r.get("rmcb_list")).add("entry")));
        // a key twice: the tree keeps the last one
        String text = recorded.toString();
        notPlain.add(text.substring(0, text.length() - 1) + ",\"model_name\":\"other\"}");
        for (String record : notPlain) {
            assertNull(streamRecord(record), record);
            assertNull(streamArray("[" + record + "]"), record);
        }
        assertNull(streamArray("[1]"));
        assertNull(streamArray("{}"));
        assertNotNull(streamArray("[]"));
    }

    private static String with(JsonNode recorded, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = recorded.deepCopy();
        change.accept(copy);
        return copy.toString();
    }

    private static List<BufferRecord> streamArray(String text) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            parser.nextToken();
            return BufferRecordStream.readArray(parser);
        }
    }

    private static BufferRecord streamRecord(String text) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            parser.nextToken();
            return BufferRecordStream.readRecord(parser);
        }
    }

    private static List<JsonNode> recordedRecords() {
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode exchange : loadLines("transcript-pull.jsonl")) {
            if (exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")) {
                exchange.path("response_body").path("results").forEach(records::add);
            }
        }
        return records;
    }
}
