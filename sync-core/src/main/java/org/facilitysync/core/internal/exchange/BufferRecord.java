package org.facilitysync.core.internal.exchange;

import java.util.List;
import java.util.Objects;

/**
 * One record as it travels between nodes: a {@code morango_buffer} row with its record max counters,
 * Morango's {@code BufferSerializer} shape. The components are in wire key order: {@code serialized,
 * deleted, last_saved_instance, last_saved_counter, hard_deleted, partition, source_id, model_name,
 * conflicting_serialized_data, model_uuid, transfer_session, profile, rmcb_list, _self_ref_fk}
 * ({@link BufferRecordJson} writes them so).
 *
 * <p>Only presence is checked here; whether a received record is acceptable is
 * {@link ReceivedRecordCheck}'s question.
 */
public record BufferRecord(String serialized, boolean deleted, String lastSavedInstance, long lastSavedCounter,
        boolean hardDeleted, String partition, String sourceId, String modelName, String conflictingSerializedData,
        String modelUuid, String transferSessionId, String profile, List<RecordMaxCounterBufferEntry> rmcbList,
        String selfRefFk) {

    public BufferRecord {
        Objects.requireNonNull(serialized, "serialized");
        Objects.requireNonNull(lastSavedInstance, "lastSavedInstance");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(conflictingSerializedData, "conflictingSerializedData");
        Objects.requireNonNull(modelUuid, "modelUuid");
        Objects.requireNonNull(transferSessionId, "transferSessionId");
        Objects.requireNonNull(profile, "profile");
        rmcbList = List.copyOf(rmcbList);
        Objects.requireNonNull(selfRefFk, "selfRefFk");
    }

    /** This record with another profile (a receiver forces its session's profile onto what it gets). */
    public BufferRecord withProfile(String newProfile) {
        return new BufferRecord(serialized, deleted, lastSavedInstance, lastSavedCounter, hardDeleted, partition,
                sourceId, modelName, conflictingSerializedData, modelUuid, transferSessionId, newProfile, rmcbList,
                selfRefFk);
    }

    @Override
    public String toString() {
        return "record '" + modelUuid + "' of model '" + modelName + "'";
    }
}
