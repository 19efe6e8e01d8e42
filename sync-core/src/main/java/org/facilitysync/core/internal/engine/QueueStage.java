package org.facilitysync.core.internal.engine;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Queuing: the producer copies into the buffer every record the receiver's FSIC says it lacks, and
 * both sides learn how many there are.
 */
final class QueueStage extends EngineStage {

    QueueStage(NodeEngine engine) {
        super(engine, SyncStage.QUEUING);
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isProducer()) {
            engine.queue().queueIntoBuffer(context.transferSessionId());
            UnknownModels.count(engine, context, profile(context));
        }
    }

    @Override
    protected StageResult client(SyncContext context) {
        String id = context.transferSessionId();
        Long total = context.isPush() ? state(context).row().recordsTotal() : null;
        RemoteTransferSession remote = peer(context).updateTransferSession(id,
                new TransferSessionUpdate(SyncStage.QUEUING, null, total, null));
        StageResult result = peerCompleted(context, remote);
        if (result == StageResult.COMPLETED && context.isPull()) {
            state(context).setRecordsTotal(remote.recordsTotal());
        }
        return result;
    }
}
