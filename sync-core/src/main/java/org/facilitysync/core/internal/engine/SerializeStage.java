package org.facilitysync.core.internal.engine;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Serializing: the producer writes its changed application records into the store (Morango's
 * serialize-before-queuing); each side computes its FSIC for the filter and they exchange them.
 */
final class SerializeStage extends EngineStage {

    SerializeStage(NodeEngine engine) {
        super(engine, SyncStage.SERIALIZING);
    }

    @Override
    protected StageResult server(SyncContext context) {
        serializeIfProducer(context);
        engine.sessionFsics().setServerFsic(context.transferSessionId(), ownFsic(context));
        return StageResult.COMPLETED;
    }

    @Override
    protected void local(SyncContext context) {
        serializeIfProducer(context);
        engine.sessionFsics().setClientFsic(context.transferSessionId(), ownFsic(context));
    }

    @Override
    protected StageResult client(SyncContext context) {
        String id = context.transferSessionId();
        String clientFsic = engine.sessionFsics().fsics(id).clientFsic();
        RemoteTransferSession remote = peer(context).updateTransferSession(id,
                new TransferSessionUpdate(SyncStage.SERIALIZING, clientFsic, null, null));
        StageResult result = peerCompleted(context, remote);
        if (result == StageResult.COMPLETED) {
            engine.sessionFsics().setServerFsic(id, remote.serverFsic());
        }
        return result;
    }

    private void serializeIfProducer(SyncContext context) {
        if (context.isProducer()) {
            engine.serializer().serializeIntoStore(profile(context), context.filter());
        }
    }
}
