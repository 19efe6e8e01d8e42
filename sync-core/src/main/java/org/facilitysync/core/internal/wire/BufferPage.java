package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.BufferRecordJson;
import org.facilitysync.core.internal.exchange.BufferRecordParser;
import org.facilitysync.core.internal.exchange.BufferRecordStream;

/**
 * One page of a producer's buffer ({@code GET buffers/?limit=&offset=&transfer_session_id=}): Django REST
 * framework's paginated envelope around buffer records, written by the server, read by the client (which
 * accepts a bare list too, as Morango's client does). The records' own JSON is {@link BufferRecordJson}'s.
 *
 * @param count how many records the transfer session has in all (-1 when the peer sent a bare list)
 * @param next the peer's absolute link to the next page, or null
 * @param records the records of the page, in the peer's order
 */
public record BufferPage(long count, String next, List<BufferRecord> records) {

    /** The resource's path and its query parameters. */
    public static final String PATH = "buffers/", LIMIT = "limit", OFFSET = "offset",
            TRANSFER_SESSION_ID = "transfer_session_id";
    // Django REST framework's envelope
    private static final String RESULTS = "results", COUNT = "count", NEXT = "next", PREVIOUS = "previous";

    public BufferPage {
        records = List.copyOf(records);
    }

    /** The path and query a client asks a page with (Morango's client always sends the offset). */
    public static String request(String transferSessionId, long offset, int limit) {
        return PATH + "?" + LIMIT + "=" + limit + "&" + OFFSET + "=" + offset + "&" + TRANSFER_SESSION_ID + "="
                + URLEncoder.encode(transferSessionId, StandardCharsets.UTF_8);
    }

    /** DRF's link to a page: query parameters sorted by name; {@code offset} dropped when it would be 0. */
    public static String link(String base, int limit, long offset, String transferSessionId) {
        String encodedId = URLEncoder.encode(transferSessionId, StandardCharsets.UTF_8);
        return base + (offset > 0 ? "?" + LIMIT + "=" + limit + "&" + OFFSET + "=" + offset + "&" + TRANSFER_SESSION_ID
                + "=" + encodedId : "?" + LIMIT + "=" + limit + "&" + TRANSFER_SESSION_ID + "=" + encodedId);
    }

    /**
     * A page as a Morango server renders it: Django REST framework's {@code LimitOffsetPagination}
     * envelope {@code {"count", "next", "previous", "results"}} in {@link BufferRecordJson.Style#SERVER}.
     *
     * @param count how many records the transfer session has in all
     * @param next the absolute URL of the next page, or null
     * @param previous the absolute URL of the previous page, or null
     */
    public static String json(long count, String next, String previous, List<BufferRecord> results) {
        BufferRecordJson.Style style = BufferRecordJson.Style.SERVER;
        StringBuilder out = BufferRecordJson.builder(results, 256 + (next == null ? 0 : next.length())
                + (previous == null ? 0 : previous.length()));
        out.append('{');
        BufferRecordJson.key(COUNT, style, out).append(count).append(style.itemSeparator());
        BufferRecordJson.key(NEXT, style, out);
        BufferRecordJson.nullableString(next, style, out);
        out.append(style.itemSeparator());
        BufferRecordJson.key(PREVIOUS, style, out);
        BufferRecordJson.nullableString(previous, style, out);
        out.append(style.itemSeparator());
        BufferRecordJson.key(RESULTS, style, out);
        BufferRecordJson.appendArray(results, style, out);
        return out.append('}').toString();
    }

    /**
     * A page as the client reads it.
     *
     * @throws IOException when the body is not JSON
     * @throws IllegalArgumentException saying what is wrong with a page that is JSON
     */
    public static BufferPage read(byte[] body) throws IOException {
        BufferPage page = streamed(body);
        if (page != null) {
            return page;
        }
        JsonNode json = WireJson.read(body);
        if (json == null || json.isMissingNode()) {
            throw new IOException("empty body");
        }
        JsonNode results = json.isArray() ? json : json.path(RESULTS);
        if (!results.isArray()) {
            throw new IllegalArgumentException("the answer has no list of records (\"" + RESULTS + "\")");
        }
        List<BufferRecord> records = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            try {
                records.add(BufferRecordParser.parse(results.get(i)));
            } catch (BufferRecordParser.MalformedRecordException e) {
                throw new IllegalArgumentException("record " + i + " of the page cannot be read: " + e.getMessage());
            }
        }
        long count = json.isArray() ? -1 : json.path(COUNT).asLong(-1);
        String next = json.path(NEXT).isTextual() ? json.path(NEXT).textValue() : null;
        return new BufferPage(count, next, records);
    }

    /**
     * The page read straight from its tokens (see {@link BufferRecordStream}), or null when anything in it
     * is not plain: {@link #read} then reads it as a tree, which accepts or refuses it with its own words.
     * Only the envelope's {@code results} is streamed; its other keys are small and read as trees.
     */
    private static BufferPage streamed(byte[] body) {
        try (JsonParser parser = WireJson.factory().createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_ARRAY) {
                List<BufferRecord> records = BufferRecordStream.readArray(parser);
                return records == null ? null : new BufferPage(-1, null, records);
            }
            if (token != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode count = null;
            JsonNode next = null;
            List<BufferRecord> records = null;
            String key;
            while ((key = parser.nextFieldName()) != null) {
                if (parser.nextToken() == JsonToken.VALUE_NULL && !key.equals(PREVIOUS)) {
                    return null; // a null the tree would read its own way
                }
                switch (key) {
                    case RESULTS -> {
                        if (records != null) {
                            return null; // given twice: the tree keeps the last, leave it to the tree
                        }
                        records = BufferRecordStream.readArray(parser);
                        if (records == null) {
                            return null;
                        }
                    }
                    case COUNT -> count = parser.readValueAsTree();
                    case NEXT -> next = parser.readValueAsTree();
                    default -> parser.skipChildren();
                }
            }
            if (records == null) {
                return null;
            }
            return new BufferPage(count == null ? -1 : count.asLong(-1),
                    next != null && next.isTextual() ? next.textValue() : null, records);
        } catch (IOException e) {
            return null; // broken JSON: the tree reader reports it
        }
    }
}
