package org.facilitysync.core.internal.exchange;

import java.util.List;

import org.facilitysync.core.internal.identity.PythonJson;

/**
 * Buffer records as the JSON text Morango puts on the wire, byte for byte.
 *
 * <p>The two sides of a Morango transfer write differently (checked against the recorded transcripts'
 * SHA-256 of each body):
 * <ul>
 * <li>{@link Style#SERVER}: what a server answers to {@code GET buffers/} — Django REST framework's
 * renderer: separators {@code ","} and {@code ":"}, non-ASCII characters as they are (UTF-8), and
 * U+2028 / U+2029 escaped;</li>
 * <li>{@link Style#CLIENT}: what a client POSTs to {@code buffers/} — Python's {@code json.dumps}
 * defaults: separators {@code ", "} and {@code ": "}, everything outside printable ASCII escaped.</li>
 * </ul>
 * Keys are in {@link BufferRecord}'s (Morango's serializer's) order in both.
 */
public final class BufferRecordJson {

    /** How the text is laid out; see the class comment. */
    public enum Style {
        SERVER(",", ":"),
        CLIENT(", ", ": ");

        private final String itemSeparator;
        private final String keySeparator;

        /** What goes between two items of a list or an object. */
        public String itemSeparator() {
            return itemSeparator;
        }

        Style(String itemSeparator, String keySeparator) {
            this.itemSeparator = itemSeparator;
            this.keySeparator = keySeparator;
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private BufferRecordJson() {
    }

    /** One record's JSON object. */
    public static String record(BufferRecord record, Style style) {
        StringBuilder out = new StringBuilder(512 + record.serialized().length());
        append(record, style, out);
        return out.toString();
    }

    /** A JSON array of records (a push body, before gzip). */
    public static String records(List<BufferRecord> records, Style style) {
        StringBuilder out = new StringBuilder(capacity(records));
        appendArray(records, style, out);
        return out.toString();
    }

    /**
     * How many characters {@link #records(List, Style)} would return, counted without building the text
     * (an in-process transfer reports what its chunks would weigh on the wire; building 500 records' JSON
     * only to measure it was the largest Java cost of the transfer stage).
     */
    public static long length(List<BufferRecord> records, Style style) {
        long length = 2 + (long) Math.max(0, records.size() - 1) * style.itemSeparator.length();
        for (BufferRecord record : records) {
            length += length(record, style);
        }
        return length;
    }

    /** How many characters {@link #append} writes for one record. */
    static long length(BufferRecord r, Style style) {
        int sep = style.itemSeparator.length();
        // braces, 13 keys with their separators, 12 item separators
        long length = 2 + keys(style, "serialized", "deleted", "last_saved_instance", "last_saved_counter",
                "hard_deleted", "partition", "source_id", "model_name", "conflicting_serialized_data", "model_uuid",
                "transfer_session", "profile", "rmcb_list", "_self_ref_fk") + 13L * sep;
        length += stringLength(r.serialized(), style) + (r.deleted() ? 4 : 5)
                + stringLength(r.lastSavedInstance(), style) + Long.toString(r.lastSavedCounter()).length()
                + (r.hardDeleted() ? 4 : 5) + stringLength(r.partition(), style) + stringLength(r.sourceId(), style)
                + stringLength(r.modelName(), style) + stringLength(r.conflictingSerializedData(), style)
                + stringLength(r.modelUuid(), style) + stringLength(r.transferSessionId(), style)
                + stringLength(r.profile(), style) + stringLength(r.selfRefFk(), style);
        List<RecordMaxCounterBufferEntry> rmcbs = r.rmcbList();
        length += 2 + (long) Math.max(0, rmcbs.size() - 1) * sep;
        for (RecordMaxCounterBufferEntry e : rmcbs) {
            length += 2 + keys(style, "transfer_session", "model_uuid", "instance_id", "counter") + 3L * sep
                    + stringLength(e.transferSessionId(), style) + stringLength(e.modelUuid(), style)
                    + stringLength(e.instanceId(), style) + Long.toString(e.counter()).length();
        }
        return length;
    }

    private static long keys(Style style, String... names) {
        long length = 0;
        for (String name : names) {
            length += name.length() + 2 + style.keySeparator.length();
        }
        return length;
    }

    /** The length of {@link #string}'s output. */
    private static long stringLength(String value, Style style) {
        long length = 2 + value.length();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\', '\n', '\r', '\t', '\b', '\f' -> length += 1;
                default -> {
                    boolean escaped = style == Style.CLIENT ? c < 0x20 || c > 0x7e
                            : c < 0x20 || c == '\u2028' || c == '\u2029';
                    if (escaped) {
                        length += 5;
                    }
                }
            }
        }
        return length;
    }

    /**
     * A builder big enough for {@code records} and {@code extra} characters more (a page's envelope).
     */
    public static StringBuilder builder(List<BufferRecord> records, int extra) {
        return new StringBuilder(capacity(records) + extra);
    }

    /**
     * About how many characters the records' JSON takes, a little more rather than less: a page's builder
     * that started too small grew (copying megabytes, in a heap of 256 MiB) several times per page.
     * Escaping adds some characters to the JSON-in-a-string fields, hence the eighth on top.
     */
    private static int capacity(List<BufferRecord> records) {
        long chars = 2;
        for (BufferRecord r : records) {
            long text = r.serialized().length() + r.conflictingSerializedData().length() + r.partition().length()
                    + r.sourceId().length();
            chars += text + text / 8 + 400 + 200L * r.rmcbList().size();
        }
        return (int) Math.min(chars, Integer.MAX_VALUE - 64);
    }

    /** Appends one record's JSON object to {@code out}. */
    public static void append(BufferRecord r, Style style, StringBuilder out) {
        String sep = style.itemSeparator;
        out.append('{');
        key("serialized", style, out);
        string(r.serialized(), style, out);
        out.append(sep);
        key("deleted", style, out).append(r.deleted()).append(sep);
        key("last_saved_instance", style, out);
        string(r.lastSavedInstance(), style, out);
        out.append(sep);
        key("last_saved_counter", style, out).append(r.lastSavedCounter()).append(sep);
        key("hard_deleted", style, out).append(r.hardDeleted()).append(sep);
        key("partition", style, out);
        string(r.partition(), style, out);
        out.append(sep);
        key("source_id", style, out);
        string(r.sourceId(), style, out);
        out.append(sep);
        key("model_name", style, out);
        string(r.modelName(), style, out);
        out.append(sep);
        key("conflicting_serialized_data", style, out);
        string(r.conflictingSerializedData(), style, out);
        out.append(sep);
        key("model_uuid", style, out);
        string(r.modelUuid(), style, out);
        out.append(sep);
        key("transfer_session", style, out);
        string(r.transferSessionId(), style, out);
        out.append(sep);
        key("profile", style, out);
        string(r.profile(), style, out);
        out.append(sep);
        key("rmcb_list", style, out).append('[');
        for (int i = 0; i < r.rmcbList().size(); i++) {
            RecordMaxCounterBufferEntry e = r.rmcbList().get(i);
            if (i > 0) {
                out.append(sep);
            }
            out.append('{');
            key("transfer_session", style, out);
            string(e.transferSessionId(), style, out);
            out.append(sep);
            key("model_uuid", style, out);
            string(e.modelUuid(), style, out);
            out.append(sep);
            key("instance_id", style, out);
            string(e.instanceId(), style, out);
            out.append(sep);
            key("counter", style, out).append(e.counter());
            out.append('}');
        }
        out.append(']').append(sep);
        key("_self_ref_fk", style, out);
        string(r.selfRefFk(), style, out);
        out.append('}');
    }

    /** Appends a JSON array of records to {@code out}. */
    public static void appendArray(List<BufferRecord> records, Style style, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.append(style.itemSeparator);
            }
            append(records.get(i), style, out);
        }
        out.append(']');
    }

    /** Appends {@code "name":} (plain ASCII names only) to {@code out}. */
    public static StringBuilder key(String name, Style style, StringBuilder out) {
        // every key is plain ASCII: no escaping needed
        return out.append('"').append(name).append('"').append(style.keySeparator);
    }

    /** Appends a JSON string, or {@code null}, to {@code out}. */
    public static void nullableString(String value, Style style, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else {
            string(value, style, out);
        }
    }

    private static void string(String value, Style style, StringBuilder out) {
        if (style == Style.CLIENT) {
            PythonJson.appendQuoted(value, out);
            return;
        }
        // json.dumps(ensure_ascii=False) escapes only quotes, backslashes and control characters; Django
        // REST framework then escapes U+2028 and U+2029 so that the text is also valid JavaScript.
        // Characters that need no escape are copied in runs: appending char by char was the largest cost
        // of writing a page.
        out.append('"');
        int run = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            if (i > run) {
                out.append(value, run, i);
            }
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        if (length > run) {
            out.append(value, run, length);
        }
        out.append('"');
    }
}
