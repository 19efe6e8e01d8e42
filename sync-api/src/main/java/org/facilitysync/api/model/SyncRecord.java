package org.facilitysync.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of a syncable model, as an application reads it.
 *
 * @param model the model's name
 * @param id the record's id (32 lowercase hex characters)
 * @param sourceId the source id the id was computed from
 * @param partition the record's partition
 * @param values the model's fields by name, in the model's field order; a null value is present as
 *        a key mapped to null
 */
public record SyncRecord(String model, String id, String sourceId, String partition, Map<String, Object> values) {

    public SyncRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(id, "id");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code field}, or null. */
    public Object get(String field) {
        return values.get(field);
    }
}
