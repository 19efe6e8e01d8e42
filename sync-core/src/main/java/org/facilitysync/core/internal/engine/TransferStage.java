package org.facilitysync.core.internal.engine;

import java.util.List;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.ReceivedChunk;
import org.facilitysync.core.internal.exchange.RecordRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transferring: one chunk per step, from the offset the transfer has reached (so a resumed transfer
 * goes on where it stopped). The client pulls a chunk from the peer's buffer into its own, or sends a
 * chunk of its buffer to the peer's; the server counts what arrived. A step that moved a chunk made
 * progress, so the controller takes the next one at once.
 */
final class TransferStage extends EngineStage {

    private static final Logger LOG = LoggerFactory.getLogger(TransferStage.class);

    TransferStage(NodeEngine engine) {
        super(engine, SyncStage.TRANSFERRING);
    }

    @Override
    protected StageResult server(SyncContext context) {
        return context.recordsTransferred() >= context.recordsTotal() ? StageResult.COMPLETED : StageResult.PENDING;
    }

    @Override
    protected void local(SyncContext context) {
        // Each chunk is its own step; see client().
    }

    @Override
    protected StageResult client(SyncContext context) {
        // The context is the stored row as it stood when this step began: no need to read it again.
        String id = context.transferSessionId();
        PeerConnection peer = peer(context);
        long total = context.recordsTotal();
        long offset = context.recordsTransferred();
        if (offset < total) {
            if (context.isPush()) {
                List<BufferRecord> chunk = engine.chunksOut().read(id, offset, chunkSize(context));
                if (chunk.isEmpty()) {
                    throw new IllegalStateException("transfer session " + id + " has " + total
                            + " records queued but none at offset " + offset);
                }
                peer.sendBuffers(id, chunk);
                offset = state(context).addRecordsTransferred(chunk.size()).recordsTransferred();
            } else {
                // The connection counts bytes since it opened; the session adds this chunk's share only.
                long sentBefore = peer.bytesSent();
                long receivedBefore = peer.bytesReceived();
                List<BufferRecord> chunk = peer.buffers(id, offset, chunkSize(context));
                if (chunk.isEmpty()) {
                    throw new PeerException("the peer sent no records at offset " + offset + " of transfer session "
                            + id + ", which has " + total);
                }
                ReceivedChunk received = engine.chunksIn().receive(id, chunk, peer.bytesSent() - sentBefore,
                        peer.bytesReceived() - receivedBefore);
                reportRejections(id, received);
                offset = received.recordsTransferred();
                peer.updateTransferSession(id, new TransferSessionUpdate(SyncStage.TRANSFERRING, null, null, offset));
            }
            return offset >= total ? StageResult.COMPLETED : StageResult.PENDING;
        }
        if (context.isPull()) {
            // Nothing (more) to fetch: let the peer see the final count and complete its stage.
            return peerCompleted(context, peer.updateTransferSession(id,
                    new TransferSessionUpdate(SyncStage.TRANSFERRING, null, null, offset)));
        }
        return peerCompleted(context, peer.updateTransferSession(id, TransferSessionUpdate.proceedTo(SyncStage.TRANSFERRING)));
    }

    /**
     * Refused records do not stop the transfer (everything else applies), but an operator must learn of
     * them: each is kept with its reason in the database, and logged here.
     */
    private static void reportRejections(String transferSessionId, ReceivedChunk received) {
        for (RecordRejection rejection : received.rejected()) {
            LOG.warn("Transfer session {}: refused record {} of model {}: {}", transferSessionId,
                    rejection.modelUuid(), rejection.modelName(), rejection.reason());
        }
    }
}
