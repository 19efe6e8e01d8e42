package org.facilitysync.core.internal.engine;

import java.util.NoSuchElementException;

import org.facilitysync.api.SyncContext;
import org.facilitysync.core.internal.session.SessionView;

/**
 * One client transfer's line to its peer, its chunk size, and its next chunk made ready ahead (see
 * {@link ChunkPipeline}). {@link EngineSyncService} attaches it to the transfer session while it runs the
 * transfer, and the stage operations take it from their context; a client transfer whose process restarted
 * has none until it is resumed with a new connection.
 */
record ClientTransfer(PeerConnection peer, int chunkSize, ChunkPipeline pipeline, WireTally tally) {

    ClientTransfer(PeerConnection peer, int chunkSize) {
        this(peer, chunkSize, new ChunkPipeline(), new WireTally(peer.bytesSent(), peer.bytesReceived()));
    }

    /**
     * The client transfer of {@code context}'s transfer session.
     *
     * @throws NoSuchElementException naming the transfer when it has no connection on this node
     */
    static ClientTransfer of(SyncContext context) {
        return SessionView.attached(context, ClientTransfer.class).orElseThrow(() -> new NoSuchElementException(
                "transfer session " + context.transferSessionId() + " has no connection to its peer on this node"
                        + " (was the node restarted?); resume it to go on"));
    }

    /**
     * The connection's byte counters as far as a transfer session has been charged with them. The
     * connection counts since it opened, and a page fetched ahead travels while the previous one is
     * stored, so each chunk charges what went over the wire since the last charge: the sum is exact.
     */
    static final class WireTally {
        private long sent;
        private long received;

        WireTally(long sent, long received) {
            this.sent = sent;
            this.received = received;
        }

        /** {sent, received} since the last call, and the counters as now charged. */
        synchronized long[] charge(long sentNow, long receivedNow) {
            long[] since = {Math.max(0, sentNow - sent), Math.max(0, receivedNow - received)};
            sent = Math.max(sent, sentNow);
            received = Math.max(received, receivedNow);
            return since;
        }
    }
}
