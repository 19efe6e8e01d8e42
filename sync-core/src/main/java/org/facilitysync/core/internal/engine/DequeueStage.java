package org.facilitysync.core.internal.engine;

import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/** Dequeuing: the receiver merges its buffer into its store, then notes what the sender had. */
final class DequeueStage extends EngineStage {

    DequeueStage(NodeEngine engine) {
        super(engine, SyncStage.DEQUEUING);
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isReceiver() && context.recordsTransferred() > 0) {
            String id = context.transferSessionId();
            engine.dequeue().dequeueIntoStore(id, engine.sessionFsics().fsics(id).senderFsic(context.isPush()));
            UnknownModels.count(engine, context, profile(context));
        }
    }
}
