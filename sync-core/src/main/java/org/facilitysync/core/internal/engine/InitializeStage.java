package org.facilitysync.core.internal.engine;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Initializing: the client creates the transfer session on the peer (unless the peer has it already,
 * as after a broken connection); the server's side was created with the request that asked for it.
 */
final class InitializeStage extends EngineStage {

    InitializeStage() {
        super(SyncStage.INITIALIZING);
    }

    @Override
    protected void local(SyncContext context) {
        // The local transfer session exists from the moment the transfer began.
    }

    @Override
    protected StageResult client(SyncContext context) {
        PeerConnection peer = peer(context);
        String id = context.transferSessionId();
        if (peer.transferSession(id).isEmpty()) {
            peer.createTransferSession(id, context.syncSessionId(), context.filter(), context.isPush());
        }
        return StageResult.COMPLETED;
    }
}
