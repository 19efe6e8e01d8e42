package org.facilitysync.core.internal.identity;

import org.facilitysync.api.model.SyncableModel;

import java.util.Objects;

/**
 * The receiver's check of an incoming record's {@code model_uuid} (Morango's {@code
 * validate_and_create_buffer_data}): every occurrence of the uuid in the partition is turned back
 * into {@code ${id}}, then the uuid is recomputed with the model's {@link NamespacedIdRule} (the
 * default rule for model names the receiver does not know) and must be equal. A sender cannot
 * pick ids for records it does not own this way.
 */
public final class ReceivedModelUuidCheck {

    private ReceivedModelUuidCheck() {
    }

    /** The uuid the record's partition, source id and model name give. */
    public static String recompute(NamespacedIdRule rule, String modelUuid, String partition, String sourceId,
                                   String modelName) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(modelUuid, "modelUuid");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(modelName, "modelName");
        return rule.namespacedId(partition.replace(modelUuid, SyncableModel.ID_PLACEHOLDER), sourceId, modelName);
    }

    /**
     * Rejects a record whose uuid does not recompute.
     *
     * @throws IllegalArgumentException naming the record, its inputs and the expected uuid
     */
    public static void verify(NamespacedIdRule rule, String modelUuid, String partition, String sourceId,
                              String modelName) {
        String expected = recompute(rule, modelUuid, partition, sourceId, modelName);
        if (!expected.equals(modelUuid)) {
            throw new IllegalArgumentException("record '" + modelUuid + "' of model '" + modelName
                    + "': model_uuid does not recompute from partition '" + partition + "' and source id '"
                    + sourceId + "' (" + rule + " gives '" + expected + "')");
        }
    }
}
