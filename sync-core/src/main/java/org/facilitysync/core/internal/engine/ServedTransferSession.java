package org.facilitysync.core.internal.engine;

import java.time.Instant;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.exchange.FsicFormat;

/**
 * A transfer session as this node serves it to a client: every column Morango's serializer shows, read
 * in one query with the session store's row. It is what the HTTP endpoints answer and decide from.
 *
 * @param recordsTotal null until the queuing stage set it (Morango's column is null until then); for a
 *     pull this node produces, its buffer's size
 * @param stage the current stage, null before the first
 * @param status the stage's status, or null
 * @param error an errored stage's reason, or null
 * @param fsicFormat the FSIC format the session's peers negotiated
 */
public record ServedTransferSession(String id, Instant startTimestamp, Instant lastActivityTimestamp,
        boolean active, String filter, boolean push, long recordsTransferred, Long recordsTotal,
        long bytesReceived, long bytesSent, String syncSessionId, String serverFsic, String clientFsic,
        SyncStage stage, TransferStatus status, String error, FsicFormat fsicFormat) {

    /** Whether the stage errored. */
    public boolean errored() {
        return status == TransferStatus.ERRORED;
    }
}
