package org.facilitysync.api.model;

/**
 * The type of a model field: what Java type its values have in {@link SyncRecord#values()}, and what
 * JSON type they have in a serialized record.
 */
public enum FieldType {
    /** {@link String}; a JSON string. */
    STRING,
    /** {@link Long} (any integral {@link Number} is accepted on write); a JSON number. */
    INTEGER,
    /** {@link Double} (any {@link Number} is accepted on write); a JSON number. */
    REAL,
    /** {@link Boolean}; JSON {@code true}/{@code false}. */
    BOOLEAN,
    /**
     * {@link java.time.Instant}; a JSON string in Django's format, ISO 8601 in UTC with milliseconds
     * and {@code Z} ({@code "2024-01-02T03:04:05.678Z"}), without a fraction when it is zero.
     */
    DATETIME,
    /** {@link String} holding JSON text; embedded as JSON in a serialized record. */
    JSON
}
