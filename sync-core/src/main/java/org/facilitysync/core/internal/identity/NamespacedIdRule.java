package org.facilitysync.core.internal.identity;

import org.facilitysync.api.model.MorangoIds;
import org.facilitysync.api.model.SyncableModel;

/**
 * Morango's {@code SyncableModel.compute_namespaced_id(partition, source_id, model_name)}: how a
 * model's uuid follows from its partition template, source id and model name. Both the saving side
 * and the receiving side (which recomputes every incoming id) must use the same rule per model.
 */
public enum NamespacedIdRule {

    /**
     * Morango's default: {@code sha2_uuid(partition, source_id, model_name)}, where the partition is
     * the template still holding the literal {@code ${id}} placeholder.
     */
    SHA2_OF_PARTITION_SOURCE_AND_MODEL {
        @Override
        public String namespacedId(String partitionTemplate, String sourceId, String modelName) {
            return MorangoIds.namespacedId(partitionTemplate, sourceId, modelName);
        }
    },

    /** A model that overrides the computation to use its source id as uuid (the test app's user). */
    SOURCE_ID {
        @Override
        public String namespacedId(String partitionTemplate, String sourceId, String modelName) {
            return sourceId;
        }
    };

    /** The rule of a declared model: its source id when it says {@link SyncableModel#idIsSourceId()}. */
    public static NamespacedIdRule of(SyncableModel model) {
        return model.idIsSourceId() ? SOURCE_ID : SHA2_OF_PARTITION_SOURCE_AND_MODEL;
    }

    /** The model uuid for a partition template (with {@code ${id}} unreplaced), source id and model name. */
    public abstract String namespacedId(String partitionTemplate, String sourceId, String modelName);
}
