package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.exchange.TransferSessionFsics;
import org.facilitysync.core.internal.exchange.StoreDequeue;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/** Dequeuing: the receiver merges its buffer into its store, then notes what the sender had. */
final class DequeueStage extends EngineStage {

    private final StoreDequeue dequeue;
    private final TransferSessionFsics sessionFsics;
    private final UnknownModels unknownModels;
    private final SyncSessionStore syncSessions;

    DequeueStage(StoreDequeue dequeue, TransferSessionFsics sessionFsics, UnknownModels unknownModels,
                 SyncSessionStore syncSessions) {
        super(SyncStage.DEQUEUING);
        this.dequeue = dequeue;
        this.sessionFsics = sessionFsics;
        this.unknownModels = unknownModels;
        this.syncSessions = syncSessions;
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isReceiver() && context.recordsTransferred() > 0) {
            String id = context.transferSessionId();
            dequeue.dequeueIntoStore(id, sessionFsics.fsics(id).senderFsic(context.isPush()));
            unknownModels.count(context, profile(syncSessions, context));
        }
    }
}
