package org.facilitysync.facility.data;

import java.util.Objects;

/**
 * A record of the {@code facilitydata} profile, named by its model and id.
 *
 * @param model the morango model name
 * @param id the record's id
 */
public record RecordRef(String model, String id) {

    public RecordRef {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(id, "id");
    }
}
