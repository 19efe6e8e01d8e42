package org.facilitysync.core.internal.exchange;

import java.util.Objects;

/**
 * One entry of a buffer record's {@code rmcb_list} (Morango's {@code RecordMaxCounterBuffer}): the
 * record {@code modelUuid} contains the changes of {@code instanceId} up to {@code counter}. Wire keys,
 * in order: {@code transfer_session, model_uuid, instance_id, counter}.
 */
public record RecordMaxCounterBufferEntry(String transferSessionId, String modelUuid, String instanceId, long counter) {

    public RecordMaxCounterBufferEntry {
        Objects.requireNonNull(transferSessionId, "transferSessionId");
        Objects.requireNonNull(modelUuid, "modelUuid");
        Objects.requireNonNull(instanceId, "instanceId");
    }
}
