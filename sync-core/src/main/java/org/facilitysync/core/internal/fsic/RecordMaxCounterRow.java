package org.facilitysync.core.internal.fsic;

import java.util.Objects;

/** A RecordMaxCounter row: the record {@code storeModelId} contains changes of {@code instanceId} up to {@code counter}. */
public record RecordMaxCounterRow(String storeModelId, String instanceId, long counter) {

    public RecordMaxCounterRow {
        Objects.requireNonNull(storeModelId, "storeModelId");
        Objects.requireNonNull(instanceId, "instanceId");
    }
}
