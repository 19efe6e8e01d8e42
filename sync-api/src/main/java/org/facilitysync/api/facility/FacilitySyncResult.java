package org.facilitysync.api.facility;

import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;

/**
 * How a sync ended.
 *
 * @param syncSessionId the sync session, for {@code sync:resume}
 * @param datasetId the facility's dataset id
 * @param pull the pull's result; empty when not pulled
 * @param push the push's result; empty when not pushed
 */
public record FacilitySyncResult(String syncSessionId, String datasetId, Optional<TransferResult> pull,
        Optional<TransferResult> push) {

    public FacilitySyncResult {
        Objects.requireNonNull(syncSessionId, "syncSessionId");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(push, "push");
    }

    /** Whether every direction that ran completed. */
    public boolean completed() {
        return pull.map(r -> r.status() == TransferStatus.COMPLETED).orElse(true)
                && push.map(r -> r.status() == TransferStatus.COMPLETED).orElse(true);
    }
}
