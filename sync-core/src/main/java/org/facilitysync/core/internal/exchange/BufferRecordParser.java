package org.facilitysync.core.internal.exchange;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one received buffer record (a JSON object from a pull page's {@code results} or a push body)
 * into a {@link BufferRecord}, checking shape and types only: required keys present, strings are
 * strings, flags are booleans, counters are integers. Unknown keys are ignored, as Django REST framework
 * does. Whether the record is acceptable for the transfer session is {@link ReceivedRecordCheck}'s job.
 */
public final class BufferRecordParser {

    /** A record that cannot be read; {@link #rejection()} names it as well as it can. */
    public static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RecordRejection rejection;

        MalformedRecordException(RecordRejection rejection) {
            super(rejection.reason(), null, false, false);
            this.rejection = rejection;
        }

        public RecordRejection rejection() {
            return rejection;
        }
    }

    private BufferRecordParser() {
    }

    /**
     * The record {@code node} describes.
     *
     * @throws MalformedRecordException naming the record and the first problem found
     */
    public static BufferRecord parse(JsonNode node) throws MalformedRecordException {
        if (node == null || !node.isObject()) {
            throw malformed(null, null, "a buffer record must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()), node);
        }
        String modelUuid = node.path("model_uuid").isTextual() ? node.path("model_uuid").textValue() : null;
        String modelName = node.path("model_name").isTextual() ? node.path("model_name").textValue() : null;
        Reader reader = new Reader(node, modelUuid, modelName);
        List<RecordMaxCounterBufferEntry> rmcbs = new ArrayList<>();
        JsonNode list = node.get("rmcb_list");
        if (list == null || !list.isArray()) {
            throw reader.fail("'rmcb_list' must be a JSON array, got " + describe(list));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw reader.fail("'rmcb_list[" + i + "]' must be a JSON object, got " + describe(entry));
            }
            Reader entryReader = new Reader(entry, modelUuid, modelName, node, "rmcb_list[" + i + "].");
            rmcbs.add(new RecordMaxCounterBufferEntry(entryReader.string("transfer_session", null),
                    entryReader.string("model_uuid", null), entryReader.string("instance_id", null),
                    entryReader.counter("counter")));
        }
        return new BufferRecord(reader.string("serialized", null), reader.flag("deleted"),
                reader.string("last_saved_instance", null), reader.counter("last_saved_counter"),
                reader.flag("hard_deleted"), reader.string("partition", null), reader.string("source_id", null),
                reader.string("model_name", null), reader.string("conflicting_serialized_data", ""),
                reader.string("model_uuid", null), reader.string("transfer_session", null),
                reader.string("profile", ""), rmcbs, reader.string("_self_ref_fk", ""));
    }

    private static MalformedRecordException malformed(String modelUuid, String modelName, String reason, JsonNode record) {
        return new MalformedRecordException(RecordRejection.of(modelUuid, modelName, reason, String.valueOf(record)));
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        return value.getNodeType().toString().toLowerCase() + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }

    /** Reads typed values from one JSON object, failing with the record's identity. */
    private static final class Reader {
        private final JsonNode node;
        private final String modelUuid;
        private final String modelName;
        private final JsonNode record;
        private final String prefix;

        Reader(JsonNode node, String modelUuid, String modelName) {
            this(node, modelUuid, modelName, node, "");
        }

        Reader(JsonNode node, String modelUuid, String modelName, JsonNode record, String prefix) {
            this.node = node;
            this.modelUuid = modelUuid;
            this.modelName = modelName;
            this.record = record;
            this.prefix = prefix;
        }

        /** A string; {@code fallback} when absent, or an error when there is no fallback. */
        String string(String key, String fallback) throws MalformedRecordException {
            JsonNode value = node.get(key);
            if ((value == null || value.isNull()) && fallback != null) {
                return fallback;
            }
            if (value == null || !value.isTextual()) {
                throw fail("'" + prefix + key + "' must be a string, got " + describe(value));
            }
            return value.textValue();
        }

        /** A boolean; false when absent (Morango's model default). */
        boolean flag(String key) throws MalformedRecordException {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                throw fail("'" + prefix + key + "' must be true or false, got " + describe(value));
            }
            return value.booleanValue();
        }

        /** A non-negative integer that fits a BIGINT. */
        long counter(String key) throws MalformedRecordException {
            JsonNode value = node.get(key);
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw fail("'" + prefix + key + "' must be a non-negative integer, got " + describe(value));
            }
            return value.longValue();
        }

        MalformedRecordException fail(String reason) {
            return malformed(modelUuid, modelName, reason, record);
        }
    }
}
