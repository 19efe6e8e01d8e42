package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.exchange.BufferCleanup;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/** Cleanup: the producer drops its buffer; the client tells the peer to clean up too. */
final class CleanupStage extends EngineStage {

    private final BufferCleanup cleanup;

    CleanupStage(BufferCleanup cleanup) {
        super(SyncStage.CLEANUP);
        this.cleanup = cleanup;
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isProducer()) {
            cleanup.deleteBuffers(context.transferSessionId());
        }
    }

    @Override
    protected StageResult client(SyncContext context) {
        // Morango does not wait for the remote cleanup either: the transfer is done once asked.
        peer(context).deleteTransferSession(context.transferSessionId());
        // After the peer's answer: a crash before this line resumes into cleanup with the markers still
        // there, and one after it repeats this node's cleanup (deleting no buffer twice) and the request.
        forgetDoneMarkers(context);
        return StageResult.COMPLETED;
    }
}
