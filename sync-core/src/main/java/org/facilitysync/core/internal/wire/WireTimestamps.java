package org.facilitysync.core.internal.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as Django REST framework renders them: ISO 8601 in UTC with {@code Z}, microseconds
 * when there are any ({@code 2026-11-22T18:05:35.854704Z}), none otherwise (Python's isoformat).
 */
public final class WireTimestamps {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private WireTimestamps() {
    }

    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        int fraction = micros.getNano() / 1000;
        return SECONDS.format(micros) + (fraction == 0 ? "" : String.format(".%06d", fraction)) + "Z";
    }
}
