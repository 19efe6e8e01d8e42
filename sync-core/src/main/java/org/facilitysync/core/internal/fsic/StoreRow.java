package org.facilitysync.core.internal.fsic;

import java.util.Objects;

/**
 * The columns of a Store row that FSIC calculation and queue selection look at: the record's id,
 * partition and its version stamp (the instance that last saved it, at which counter).
 */
public record StoreRow(String id, String partition, String lastSavedInstance, long lastSavedCounter) {

    public StoreRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(lastSavedInstance, "lastSavedInstance");
    }
}
