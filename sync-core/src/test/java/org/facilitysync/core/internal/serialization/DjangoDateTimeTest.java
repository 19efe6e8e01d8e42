package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DjangoDateTimeTest {

    @Test
    void writesMillisecondsAndZAsDjangosEncoder() {
        assertEquals("2024-01-02T03:04:05.678Z", DjangoDateTime.format(Instant.parse("2024-01-02T03:04:05.678901Z")));
        // Django cuts isoformat's six digits to three, so 500 microseconds become ".000", not nothing
        assertEquals("2024-01-02T03:04:05.000Z", DjangoDateTime.format(Instant.parse("2024-01-02T03:04:05.000500Z")));
        assertEquals("2024-01-02T03:04:05Z", DjangoDateTime.format(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("0999-12-31T23:59:59Z", DjangoDateTime.format(Instant.parse("0999-12-31T23:59:59Z")));
    }

    @Test
    void readsWhatDjangoReads() {
        Instant expected = Instant.parse("2024-01-02T03:04:05.678Z");
        assertEquals(expected, DjangoDateTime.parse("2024-01-02T03:04:05.678Z"));
        assertEquals(expected, DjangoDateTime.parse("2024-01-02 03:04:05.678+00:00"));
        assertEquals(expected, DjangoDateTime.parse("2024-01-02T05:04:05.678+02:00"));
        assertEquals(expected, DjangoDateTime.parse("2024-01-02T03:04:05.678"));
        assertEquals(Instant.parse("2024-01-02T03:04:00Z"), DjangoDateTime.parse("2024-01-02T03:04"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123456Z"), DjangoDateTime.parse("2024-01-02T03:04:05.123456789Z"));
        assertThrows(IllegalArgumentException.class, () -> DjangoDateTime.parse("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> DjangoDateTime.parse("2024-02-30T00:00:00Z"));
    }

    @Test
    void pythonStrForTemplates() {
        assertEquals("2024-01-02 03:04:05.678901+00:00", DjangoDateTime.pythonStr(Instant.parse("2024-01-02T03:04:05.678901Z")));
        assertEquals("2024-01-02 03:04:05+00:00", DjangoDateTime.pythonStr(Instant.parse("2024-01-02T03:04:05Z")));
    }
}
