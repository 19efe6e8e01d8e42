package org.facilitysync.facility.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class KolibriValuesTest {

    @Test
    void aTimestampIsWrittenAsKolibrisDateTimeTzField() {
        // create_timezonestamp: UTC time as %Y-%m-%d %H:%M:%S.%f, then the zone in parentheses
        assertEquals("2024-01-02 03:04:05.678000(UTC)", KolibriValues.timestampTz(Instant.parse("2024-01-02T03:04:05.678Z")));
        assertEquals("0999-12-31 23:59:59.000001(UTC)", KolibriValues.timestampTz(Instant.parse("0999-12-31T23:59:59.000001Z")));
    }

    @Test
    void derivedIdsDependOnlyOnTheirInputs() {
        assertEquals(KolibriValues.derivedId(5, KolibriValues.CONTENT_SALT, 3),
                KolibriValues.derivedId(5, KolibriValues.CONTENT_SALT, 3));
        assertEquals(32, KolibriValues.derivedId(5, KolibriValues.CONTENT_SALT, 3).length());
        assertThrows(IllegalArgumentException.class, () -> KolibriValues.derivedId(5, 0, 0));
    }
}
