package org.facilitysync.core.internal.identity;

import java.util.Objects;

/**
 * The three Morango columns that identify a syncable record: its uuid ({@code id}), the source id
 * ({@code _morango_source_id}) it was derived from, and its partition ({@code _morango_partition},
 * with {@code ${id}} already replaced by the uuid).
 */
public record ModelIdentity(String modelUuid, String sourceId, String partition) {

    public ModelIdentity {
        Objects.requireNonNull(modelUuid, "modelUuid");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(partition, "partition");
    }
}
