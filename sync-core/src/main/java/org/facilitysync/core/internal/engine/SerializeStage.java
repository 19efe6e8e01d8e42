package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.serialization.StoreSerializer;
import org.facilitysync.core.internal.exchange.TransferSessionFsics;
import org.facilitysync.core.internal.exchange.FsicQuery;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Serializing: the producer writes its changed application records into the store (Morango's
 * serialize-before-queuing); each side computes its FSIC for the filter and they exchange them.
 */
final class SerializeStage extends EngineStage {

    private final StoreSerializer serializer;
    private final TransferSessionFsics sessionFsics;
    private final FsicQuery fsics;
    private final SyncSessionStore syncSessions;

    SerializeStage(StoreSerializer serializer, TransferSessionFsics sessionFsics, FsicQuery fsics,
                   SyncSessionStore syncSessions) {
        super(SyncStage.SERIALIZING);
        this.serializer = serializer;
        this.sessionFsics = sessionFsics;
        this.fsics = fsics;
        this.syncSessions = syncSessions;
    }

    @Override
    protected StageResult server(SyncContext context) {
        serializeIfProducer(context);
        sessionFsics.setServerFsic(context.transferSessionId(), ownFsic(fsics, context));
        return StageResult.COMPLETED;
    }

    @Override
    protected void local(SyncContext context) {
        serializeIfProducer(context);
        sessionFsics.setClientFsic(context.transferSessionId(), ownFsic(fsics, context));
    }

    @Override
    protected StageResult client(SyncContext context) {
        String id = context.transferSessionId();
        String clientFsic = sessionFsics.fsics(id).clientFsic();
        RemoteTransferSession remote = peer(context).updateTransferSession(id,
                new TransferSessionUpdate(SyncStage.SERIALIZING, clientFsic, null, null));
        StageResult result = peerCompleted(context, remote);
        if (result == StageResult.COMPLETED) {
            sessionFsics.setServerFsic(id, remote.serverFsic());
        }
        return result;
    }

    private void serializeIfProducer(SyncContext context) {
        if (context.isProducer()) {
            serializer.serializeIntoStore(profile(syncSessions, context), context.filter());
        }
    }
}
