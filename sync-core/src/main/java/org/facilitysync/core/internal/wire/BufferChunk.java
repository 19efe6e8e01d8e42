package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.BufferRecordJson;
import org.facilitysync.core.internal.exchange.BufferRecordParser;
import org.facilitysync.core.internal.exchange.BufferRecordStream;
import org.facilitysync.core.internal.exchange.RecordRejection;

/**
 * One chunk of a push ({@code POST buffers/}): a buffer record or a list of them, written by the client
 * as Python's {@code json.dumps} does and read by the server straight from the request's character
 * stream, in one pass: each record is read on its own (its tokens buffered, then read through
 * {@link BufferRecordStream}'s fast path, or as a tree by {@link BufferRecordParser} when it is not plain,
 * which then accepts or refuses it with its own words), so the body is never held as a whole, neither as
 * bytes nor as text nor as a tree.
 *
 * <p>Refusals keep the order a whole-body reader had: what the stream below finds (a broken gzip body, one
 * over the size limit, bytes that are not UTF-8) wins over broken JSON, which wins over a malformed
 * record; so after a problem the rest is still read to its end, without keeping anything.
 */
public final class BufferChunk {

    private BufferChunk() {
    }

    /** The body a client POSTs. */
    public static String json(List<BufferRecord> records) {
        return BufferRecordJson.records(records, BufferRecordJson.Style.CLIENT);
    }

    /**
     * The records of a body, read to its end.
     *
     * @throws WireFormatException when the body is empty, not JSON, not a record or list of them, or any
     *     record is malformed (the first one is named, with its index)
     * @throws IOException when the stream itself fails
     */
    public static List<BufferRecord> read(Reader body) throws IOException {
        List<BufferRecord> records = new ArrayList<>();
        WireFormatException refusal;
        JsonParser parser = WireJson.factory().createParser(body);
        try {
            refusal = readValue(parser, records);
        } catch (JsonProcessingException e) {
            refusal = new WireFormatException("JSON parse error - " + e.getOriginalMessage());
        }
        // Text after the value is not looked at (as Jackson's tree reader does), but it is read: the
        // stream checks it (gzip's trailer, the size limit, UTF-8).
        char[] rest = new char[8192];
        while (body.read(rest) >= 0) {
            // drained
        }
        parser.close();
        if (refusal != null) {
            throw refusal;
        }
        return records;
    }

    /** Reads the body's value into {@code records}; the first refusal, or null. */
    private static WireFormatException readValue(JsonParser parser, List<BufferRecord> records) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return new WireFormatException("the request has no JSON body");
        }
        if (token == JsonToken.START_OBJECT) {
            return readRecord(parser, 0, records);
        }
        if (token != JsonToken.START_ARRAY) {
            return new WireFormatException("the body must be a buffer record or a list of them");
        }
        WireFormatException refusal = null;
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (refusal == null) {
                refusal = readRecord(parser, index++, records);
            } else {
                parser.skipChildren(); // still parsed, so broken JSON further on wins over the refusal
            }
        }
        if (refusal != null) {
            records.clear();
        }
        return refusal;
    }

    /** Reads the record whose first token the parser is on; its refusal, or null. */
    private static WireFormatException readRecord(JsonParser parser, int index, List<BufferRecord> records)
            throws IOException {
        TokenBuffer tokens = new TokenBuffer(parser);
        tokens.copyCurrentStructure(parser);
        BufferRecord record = null;
        try (JsonParser replay = tokens.asParser()) {
            if (replay.nextToken() == JsonToken.START_OBJECT) {
                record = BufferRecordStream.readRecord(replay);
            }
        }
        if (record == null) {
            try (JsonParser replay = tokens.asParser(WireJson.mapper())) {
                JsonNode tree = WireJson.mapper().readTree(replay);
                record = BufferRecordParser.parse(tree);
            } catch (BufferRecordParser.MalformedRecordException e) {
                RecordRejection r = e.rejection();
                return new WireFormatException("record " + index + " (" + r.recordKey() + ") is malformed: "
                        + r.reason());
            }
        }
        records.add(record);
        return null;
    }
}
