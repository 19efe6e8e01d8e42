package org.facilitysync.facility.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.facilitysync.api.model.SyncRecords;

/** A change an application makes to an existing record of the {@code facilitydata} profile. */
public sealed interface RecordEdit permits RecordEdit.Update, RecordEdit.Delete {

    /** The edited record's model. */
    String model();

    /** The edited record's id. */
    String id();

    /** Makes the change through {@code records}, as an application would (so it is tracked and syncs). */
    void applyTo(SyncRecords records);

    /**
     * New values for some fields of a record.
     *
     * @param changes the fields and their new values, as {@link SyncRecords#update} takes them
     */
    record Update(String model, String id, Map<String, Object> changes) implements RecordEdit {

        public Update {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(id, "id");
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }

        @Override
        public void applyTo(SyncRecords records) {
            records.update(FacilityDataGenerator.PROFILE, model, id, changes);
        }
    }

    /** The deletion of a record; it syncs as a tombstone. */
    record Delete(String model, String id) implements RecordEdit {

        public Delete {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(id, "id");
        }

        @Override
        public void applyTo(SyncRecords records) {
            records.delete(FacilityDataGenerator.PROFILE, model, id);
        }
    }
}
