package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.session.TransferSessionStore;
import org.facilitysync.core.internal.exchange.BufferChunkReceiver;
import org.facilitysync.core.internal.exchange.BufferChunkReader;
import java.util.List;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.ReceivedChunk;
import org.facilitysync.core.internal.exchange.RecordRejection;
import org.facilitysync.core.internal.storage.BeforeIssue12;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transferring: one chunk per step, from the offset the transfer has reached (so a resumed transfer
 * goes on where it stopped). The client pulls a chunk from the peer's buffer into its own, or sends a
 * chunk of its buffer to the peer's; the server counts what arrived. A step that moved a chunk made
 * progress, so the controller takes the next one at once. The next chunk is made ready while the
 * current one travels or is stored ({@link ChunkPipeline}; {@link BeforeIssue12} turns that off).
 */
final class TransferStage extends EngineStage {

    private static final Logger LOG = LoggerFactory.getLogger(TransferStage.class);

    private final BufferChunkReader chunksOut;
    private final BufferChunkReceiver chunksIn;
    private final TransferSessionStore transfers;

    TransferStage(BufferChunkReader chunksOut, BufferChunkReceiver chunksIn, TransferSessionStore transfers) {
        super(SyncStage.TRANSFERRING);
        this.chunksOut = chunksOut;
        this.chunksIn = chunksIn;
        this.transfers = transfers;
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
            ChunkPipeline pipeline = BeforeIssue12.selected() ? null
                    : ClientTransfer.of(context).pipeline();
            offset = context.isPush() ? push(context, peer, pipeline, offset, total)
                    : pull(context, peer, pipeline, offset, total);
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
     * Sends the chunk at {@code offset} and returns the new offset. With a pipeline, the next chunk is read
     * and prepared for the wire while this one is in flight; the offset is stored only once the peer took it.
     */
    private long push(SyncContext context, PeerConnection peer, ChunkPipeline pipeline, long offset, long total) {
        String id = context.transferSessionId();
        int size = chunkSize(context);
        OutgoingChunk chunk = pipeline == null ? prepare(peer, id, offset, size)
                : pipeline.take(offset, () -> prepare(peer, id, offset, size));
        if (pipeline != null && offset + chunk.size() < total) {
            long next = offset + chunk.size();
            pipeline.ahead(next, () -> prepare(peer, id, next, size));
        }
        chunk.send().run();
        return state(transfers, context).addRecordsTransferred(chunk.size()).recordsTransferred();
    }

    private OutgoingChunk prepare(PeerConnection peer, String id, long offset, int size) {
        List<BufferRecord> records = chunksOut.read(id, offset, size);
        if (records.isEmpty()) {
            throw new IllegalStateException("transfer session " + id + " has records queued but none at offset "
                    + offset);
        }
        return new OutgoingChunk(records.size(), peer.prepareBuffers(id, records));
    }

    /** A chunk of this node's buffer, ready to go: {@code send} posts it. */
    private record OutgoingChunk(int size, Runnable send) {
    }

    /**
     * Fetches and stores the page at {@code offset} and returns the new offset. With a pipeline, the next
     * page is fetched while this one is stored; it is used only if it starts where this one ended.
     */
    private long pull(SyncContext context, PeerConnection peer, ChunkPipeline pipeline, long offset, long total) {
        String id = context.transferSessionId();
        int size = chunkSize(context);
        List<BufferRecord> chunk = pipeline == null ? peer.buffers(id, offset, size)
                : pipeline.take(offset, () -> peer.buffers(id, offset, size));
        if (chunk.isEmpty()) {
            throw new PeerException("the peer sent no records at offset " + offset + " of transfer session "
                    + id + ", which has " + total);
        }
        if (pipeline != null && offset + chunk.size() < total) {
            long next = offset + chunk.size();
            pipeline.ahead(next, () -> peer.buffers(id, next, size));
        }
        long[] bytes = ClientTransfer.of(context).tally().charge(peer.bytesSent(), peer.bytesReceived());
        ReceivedChunk received = chunksIn.receive(id, chunk, bytes[0], bytes[1]);
        reportRejections(id, received);
        long reached = received.recordsTransferred();
        peer.updateTransferSession(id, new TransferSessionUpdate(SyncStage.TRANSFERRING, null, null, reached));
        return reached;
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
