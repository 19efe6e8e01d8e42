package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.session.TransferSessionStore;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.exchange.BufferQueue;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Queuing: the producer copies into the buffer every record the receiver's FSIC says it lacks, and
 * both sides learn how many there are.
 */
final class QueueStage extends EngineStage {

    private final BufferQueue queue;
    private final UnknownModels unknownModels;
    private final TransferSessionStore transfers;
    private final SyncSessionStore syncSessions;

    QueueStage(BufferQueue queue, UnknownModels unknownModels, TransferSessionStore transfers,
               SyncSessionStore syncSessions) {
        super(SyncStage.QUEUING);
        this.queue = queue;
        this.unknownModels = unknownModels;
        this.transfers = transfers;
        this.syncSessions = syncSessions;
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isProducer()) {
            queue.queueIntoBuffer(context.transferSessionId());
            unknownModels.count(context, profile(syncSessions, context));
        }
    }

    @Override
    protected StageResult client(SyncContext context) {
        String id = context.transferSessionId();
        Long total = context.isPush() ? state(transfers, context).row().recordsTotal() : null;
        RemoteTransferSession remote = peer(context).updateTransferSession(id,
                new TransferSessionUpdate(SyncStage.QUEUING, null, total, null));
        StageResult result = peerCompleted(context, remote);
        if (result == StageResult.COMPLETED && context.isPull()) {
            state(transfers, context).setRecordsTotal(remote.recordsTotal());
        }
        return result;
    }
}
