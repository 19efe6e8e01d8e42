package org.facilitysync.core.internal.serialization;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Datetimes as Morango's serialized records hold them: Django's JSON encoder writes an aware UTC
 * datetime as ISO 8601 with milliseconds and {@code Z} ({@code 2024-01-02T03:04:05.678Z}), and without
 * a fraction when the microseconds are zero; reading accepts what Django's {@code parse_datetime}
 * accepts (space or {@code T}, optional seconds and fraction, {@code Z} or an offset; no offset means UTC).
 */
public final class DjangoDateTime {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d{1,6})\\d*)?)?"
                    + "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    private DjangoDateTime() {
    }

    /** Django's JSON text of {@code instant} (the quotes not included). */
    public static String format(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        LocalDateTime utc = LocalDateTime.ofInstant(micros, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(24);
        pad(out, utc.getYear(), 4).append('-');
        pad(out, utc.getMonthValue(), 2).append('-');
        pad(out, utc.getDayOfMonth(), 2).append('T');
        pad(out, utc.getHour(), 2).append(':');
        pad(out, utc.getMinute(), 2).append(':');
        pad(out, utc.getSecond(), 2);
        int microsecond = utc.getNano() / 1000;
        if (microsecond != 0) {
            // Django cuts isoformat()'s six digits to three: truncation, not rounding
            out.append('.');
            pad(out, microsecond / 1000, 3);
        }
        return out.append('Z').toString();
    }

    /** Python's {@code str(datetime)} of an aware UTC datetime, e.g. for source-id templates. */
    public static String pythonStr(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(32);
        pad(out, utc.getYear(), 4).append('-');
        pad(out, utc.getMonthValue(), 2).append('-');
        pad(out, utc.getDayOfMonth(), 2).append(' ');
        pad(out, utc.getHour(), 2).append(':');
        pad(out, utc.getMinute(), 2).append(':');
        pad(out, utc.getSecond(), 2);
        int microsecond = utc.getNano() / 1000;
        if (microsecond != 0) {
            out.append('.');
            pad(out, microsecond, 6);
        }
        return out.append("+00:00").toString();
    }

    /**
     * Reads a datetime.
     *
     * @throws IllegalArgumentException saying what was expected when {@code text} is not one
     */
    public static Instant parse(String text) {
        Matcher m = ISO.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 datetime such as 2024-01-02T03:04:05.678Z");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000").substring(0, 6)) * 1000;
            LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            ZoneOffset offset = offset(m.group(8));
            return LocalDateTime.of(date, time).toInstant(offset);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid datetime: " + e.getMessage(), e);
        }
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
