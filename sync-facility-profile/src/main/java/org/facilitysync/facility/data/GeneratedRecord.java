package org.facilitysync.facility.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;

/**
 * One record to create, as the generator made it.
 *
 * @param model the morango model name
 * @param id the id the core will compute for it (Morango's rule); later records use it as a foreign key
 * @param partition the partition the core will compute for it
 * @param values every field of the model (null where the field is empty), plus
 *        {@link SyncRecords#SOURCE_ID} where the model's source id is random or, for the dataset, a
 *        certificate id; exactly what {@link SyncRecords#create} takes
 */
public record GeneratedRecord(String model, String id, String partition, Map<String, Object> values) {

    public GeneratedRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(partition, "partition");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The record's model and id. */
    public RecordRef ref() {
        return new RecordRef(model, id);
    }

    /**
     * Creates this record through {@code records}.
     *
     * @throws IllegalStateException when the core computed another id than the generator: they disagree
     *         on Morango's id rule
     */
    public SyncRecord createIn(SyncRecords records) {
        SyncRecord created = records.create(FacilityDataGenerator.PROFILE, model, values);
        if (!created.id().equals(id)) {
            throw new IllegalStateException("created " + model + " got id " + created.id() + ", but Morango's rule gives "
                    + id + " (partition " + partition + ")");
        }
        return created;
    }
}
