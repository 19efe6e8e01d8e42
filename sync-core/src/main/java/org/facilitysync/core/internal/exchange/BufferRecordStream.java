package org.facilitysync.core.internal.exchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads buffer records straight from a JSON token stream into {@link BufferRecord}s, without building a
 * Jackson tree first: the tree (a map and a node per value) and the copy out of it were a large part of
 * receiving a chunk.
 *
 * <p>This is only the fast path for plain, well-formed records. At the first thing it does not handle
 * exactly as {@link BufferRecordParser} would (a wrong type, a missing key, a key given twice, a number
 * too large for a long) it answers null, and the caller reads the whole body again through the tree and
 * {@link BufferRecordParser}, which then accepts or refuses with its own words. So what is accepted, and
 * every refusal's wording, stays {@link BufferRecordParser}'s.
 */
public final class BufferRecordStream {

    // bits of the keys seen in one record, to spot a key given twice (the tree keeps the last; the fast
    // path leaves such a record to the tree)
    private static final int SERIALIZED = 1;
    private static final int DELETED = 1 << 1;
    private static final int LAST_SAVED_INSTANCE = 1 << 2;
    private static final int LAST_SAVED_COUNTER = 1 << 3;
    private static final int HARD_DELETED = 1 << 4;
    private static final int PARTITION = 1 << 5;
    private static final int SOURCE_ID = 1 << 6;
    private static final int MODEL_NAME = 1 << 7;
    private static final int CONFLICTING = 1 << 8;
    private static final int MODEL_UUID = 1 << 9;
    private static final int TRANSFER_SESSION = 1 << 10;
    private static final int PROFILE = 1 << 11;
    private static final int RMCB_LIST = 1 << 12;
    private static final int SELF_REF_FK = 1 << 13;
    private static final int REQUIRED = SERIALIZED | LAST_SAVED_INSTANCE | LAST_SAVED_COUNTER | PARTITION | SOURCE_ID
            | MODEL_NAME | MODEL_UUID | TRANSFER_SESSION | RMCB_LIST;

    private static final int ENTRY_TRANSFER_SESSION = 1;
    private static final int ENTRY_MODEL_UUID = 1 << 1;
    private static final int ENTRY_INSTANCE_ID = 1 << 2;
    private static final int ENTRY_COUNTER = 1 << 3;
    private static final int ENTRY_REQUIRED = ENTRY_TRANSFER_SESSION | ENTRY_MODEL_UUID | ENTRY_INSTANCE_ID
            | ENTRY_COUNTER;

    private BufferRecordStream() {
    }

    /**
     * The records of the array whose {@link JsonToken#START_ARRAY} the parser is on (it is left on the
     * matching end), or null when the fast path does not apply (the caller then reads the body as a tree).
     *
     * @throws IOException when the JSON itself is broken (the caller reads it as a tree, which reports it)
     */
    public static List<BufferRecord> readArray(JsonParser parser) throws IOException {
        try {
            return array(parser);
        } catch (NotPlain e) {
            return null;
        }
    }

    /**
     * The record whose {@link JsonToken#START_OBJECT} the parser is on (it is left on the matching end),
     * or null when the fast path does not apply.
     */
    public static BufferRecord readRecord(JsonParser parser) throws IOException {
        try {
            return record(parser);
        } catch (NotPlain e) {
            return null;
        }
    }

    private static List<BufferRecord> array(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw NotPlain.INSTANCE;
        }
        List<BufferRecord> records = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw NotPlain.INSTANCE;
            }
            BufferRecord record = record(parser);
            if (record == null) {
                throw NotPlain.INSTANCE;
            }
            records.add(record);
        }
        return records;
    }

    private static BufferRecord record(JsonParser parser) throws IOException {
        String serialized = null;
        String lastSavedInstance = null;
        String partition = null;
        String sourceId = null;
        String modelName = null;
        String modelUuid = null;
        String transferSession = null;
        String conflicting = "";
        String profile = "";
        String selfRefFk = "";
        boolean deleted = false;
        boolean hardDeleted = false;
        long lastSavedCounter = 0;
        List<RecordMaxCounterBufferEntry> rmcbs = null;
        int seen = 0;
        String key;
        while ((key = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            int bit;
            switch (key) {
                case "serialized" -> {
                    bit = SERIALIZED;
                    serialized = requiredString(parser, value);
                }
                case "deleted" -> {
                    bit = DELETED;
                    deleted = flag(value);
                }
                case "last_saved_instance" -> {
                    bit = LAST_SAVED_INSTANCE;
                    lastSavedInstance = requiredString(parser, value);
                }
                case "last_saved_counter" -> {
                    bit = LAST_SAVED_COUNTER;
                    lastSavedCounter = counter(parser, value);
                }
                case "hard_deleted" -> {
                    bit = HARD_DELETED;
                    hardDeleted = flag(value);
                }
                case "partition" -> {
                    bit = PARTITION;
                    partition = requiredString(parser, value);
                }
                case "source_id" -> {
                    bit = SOURCE_ID;
                    sourceId = requiredString(parser, value);
                }
                case "model_name" -> {
                    bit = MODEL_NAME;
                    modelName = requiredString(parser, value);
                }
                case "conflicting_serialized_data" -> {
                    bit = CONFLICTING;
                    conflicting = optionalString(parser, value);
                }
                case "model_uuid" -> {
                    bit = MODEL_UUID;
                    modelUuid = requiredString(parser, value);
                }
                case "transfer_session" -> {
                    bit = TRANSFER_SESSION;
                    transferSession = requiredString(parser, value);
                }
                case "profile" -> {
                    bit = PROFILE;
                    profile = optionalString(parser, value);
                }
                case "rmcb_list" -> {
                    bit = RMCB_LIST;
                    rmcbs = rmcbList(parser, value);
                }
                case "_self_ref_fk" -> {
                    bit = SELF_REF_FK;
                    selfRefFk = optionalString(parser, value);
                }
                default -> {
                    // unknown keys are ignored, as the tree reader does
                    parser.skipChildren();
                    continue;
                }
            }
            if ((seen & bit) != 0) {
                throw NotPlain.INSTANCE;
            }
            seen |= bit;
        }
        if ((seen & REQUIRED) != REQUIRED) {
            throw NotPlain.INSTANCE;
        }
        return new BufferRecord(serialized, deleted, lastSavedInstance, lastSavedCounter, hardDeleted, partition,
                sourceId, modelName, conflicting, modelUuid, transferSession, profile, rmcbs, selfRefFk);
    }

    /** The entries of an {@code rmcb_list}, or null when the fast path does not apply. */
    private static List<RecordMaxCounterBufferEntry> rmcbList(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw NotPlain.INSTANCE;
        }
        List<RecordMaxCounterBufferEntry> entries = new ArrayList<>(2);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw NotPlain.INSTANCE;
            }
            String transferSession = null;
            String modelUuid = null;
            String instanceId = null;
            long counter = 0;
            int seen = 0;
            String key;
            while ((key = parser.nextFieldName()) != null) {
                JsonToken entryValue = parser.nextToken();
                int bit;
                switch (key) {
                    case "transfer_session" -> {
                        bit = ENTRY_TRANSFER_SESSION;
                        transferSession = requiredString(parser, entryValue);
                    }
                    case "model_uuid" -> {
                        bit = ENTRY_MODEL_UUID;
                        modelUuid = requiredString(parser, entryValue);
                    }
                    case "instance_id" -> {
                        bit = ENTRY_INSTANCE_ID;
                        instanceId = requiredString(parser, entryValue);
                    }
                    case "counter" -> {
                        bit = ENTRY_COUNTER;
                        counter = counter(parser, entryValue);
                    }
                    default -> {
                        parser.skipChildren();
                        continue;
                    }
                }
                if ((seen & bit) != 0) {
                    throw NotPlain.INSTANCE;
                }
                seen |= bit;
            }
            if (seen != ENTRY_REQUIRED) {
                throw NotPlain.INSTANCE;
            }
            entries.add(new RecordMaxCounterBufferEntry(transferSession, modelUuid, instanceId, counter));
        }
        return entries;
    }

    /** A string value; not plain when it is not one (JSON null included). */
    private static String requiredString(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw NotPlain.INSTANCE;
        }
        return parser.getText();
    }

    /** A string value, "" for JSON null. */
    private static String optionalString(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? "" : requiredString(parser, value);
    }

    /** true or false, false for JSON null. */
    private static boolean flag(JsonToken value) {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw NotPlain.INSTANCE;
        };
    }

    /** A non-negative integer that fits a long. */
    private static long counter(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw NotPlain.INSTANCE;
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw NotPlain.INSTANCE;
        }
        long counter = parser.getLongValue();
        if (counter < 0) {
            throw NotPlain.INSTANCE;
        }
        return counter;
    }

    /** Something the fast path leaves to the tree reader; thrown often enough to carry no stack trace. */
    private static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not a plain buffer record", null, false, false);
        }
    }
}
