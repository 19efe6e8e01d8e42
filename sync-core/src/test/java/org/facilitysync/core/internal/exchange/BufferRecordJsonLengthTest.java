package org.facilitysync.core.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link BufferRecordJson#length} counts exactly what {@link BufferRecordJson#records} writes. */
class BufferRecordJsonLengthTest {

    private static BufferRecord record(String serialized, boolean deleted, long counter, int rmcbs) {
        List<RecordMaxCounterBufferEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < rmcbs; i++) {
            entries.add(new RecordMaxCounterBufferEntry("ts\u00e9", "uuid" + i, "inst\"" + i, counter * 1000 + i));
        }
        return new BufferRecord(serialized, deleted, "instance", counter, !deleted, "part:x\ty", "src\u2028",
                "model", "", "0123456789abcdef0123456789abcdef", "ts\u00e9", "profile\\", entries, "");
    }

    @Test
    void countsWhatIsWritten() {
        List<List<BufferRecord>> cases = List.of(
                List.of(),
                List.of(record("{}", false, 0, 0)),
                List.of(record("{\"a\": \"\u00fc\u2029\\n\\u0001\"}\u0001\n\r\b\f\t\"\\ \ud83d\ude00", true, 12345, 1),
                        record("{\"title\": \"caf\u00e9\"}", false, -7, 3),
                        record("plain", true, Long.MAX_VALUE, 2)));
        for (List<BufferRecord> records : cases) {
            for (BufferRecordJson.Style style : BufferRecordJson.Style.values()) {
                assertEquals(BufferRecordJson.records(records, style).length(), BufferRecordJson.length(records, style),
                        style + " " + records.size());
            }
        }
    }
}
