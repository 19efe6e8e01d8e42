package org.facilitysync.facility.data;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Field values in the forms Kolibri serializes them. */
final class KolibriValues {

    /** When generated activity starts: the first Monday of 2024, 08:00 UTC. */
    static final Instant EPOCH = Instant.parse("2024-01-08T08:00:00Z");

    /** Kolibri's {@code NOT_SPECIFIED}: a user without a password, or a demographic left blank. */
    static final String NOT_SPECIFIED = "NOT_SPECIFIED";

    /**
     * Salts of {@link #derivedId}: each kind of derived id draws from its own sequence, and none from
     * the seed's own sequence, which the generator's other random values use.
     */
    static final long DATASET_SALT = 1;
    static final long CHANNEL_SALT = 2;
    static final long CONTENT_SALT = 3;
    static final long QUESTION_SALT = 4;

    private static final HexFormat HEX = HexFormat.of();

    private KolibriValues() {
    }

    /**
     * A Kolibri {@code DateTimeTzField} value: {@code create_timezonestamp} writes the UTC time as
     * {@code %Y-%m-%d %H:%M:%S.%f} and the zone name in parentheses.
     */
    static String timestampTz(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(31);
        pad(text, t.getYear(), 4).append('-');
        pad(text, t.getMonthValue(), 2).append('-');
        pad(text, t.getDayOfMonth(), 2).append(' ');
        pad(text, t.getHour(), 2).append(':');
        pad(text, t.getMinute(), 2).append(':');
        pad(text, t.getSecond(), 2).append('.');
        pad(text, t.getNano() / 1000, 6);
        return text.append("(UTC)").toString();
    }

    /** A random 32-hex-digit id, as Morango's {@code uuid4().hex}. */
    static String randomId(SplittableRandom random) {
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }

    /** A 32-hex-digit id that depends only on its inputs (for ids shared across learners, like content ids). */
    static String derivedId(long seed, long salt, long index) {
        if (salt == 0) {
            throw new IllegalArgumentException("salt 0 would repeat the seed's own random sequence");
        }
        SplittableRandom random = new SplittableRandom(seed ^ (salt * 0x9E3779B97F4A7C15L) ^ (index * 0xBF58476D1CE4E5B9L));
        return randomId(random);
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
