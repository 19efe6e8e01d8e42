package org.facilitysync.core.internal.fsic;

import java.util.Objects;

/**
 * A DatabaseMaxCounter row: "under partition prefix {@code partition} this database has every
 * change of {@code instanceId} up to {@code counter}". {@code ""} covers everything.
 */
public record DatabaseMaxCounterRow(String partition, String instanceId, long counter) {

    public DatabaseMaxCounterRow {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(instanceId, "instanceId");
    }
}
