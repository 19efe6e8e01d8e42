package org.facilitysync.core.internal.engine;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer connection and chunk size of each transfer this node runs as client. The stage operations
 * look a transfer up here; a client transfer whose connection is gone (the process restarted) cannot
 * go on until it is resumed with a new connection.
 */
public final class ClientTransfers {

    /** One client transfer's line to its peer, and its next chunk made ready ahead (see {@link ChunkPipeline}). */
    public record ClientTransfer(PeerConnection peer, int chunkSize, ChunkPipeline pipeline, WireTally tally) {

        public ClientTransfer(PeerConnection peer, int chunkSize) {
            this(peer, chunkSize, new ChunkPipeline(), new WireTally(peer.bytesSent(), peer.bytesReceived()));
        }
    }

    /**
     * The connection's byte counters as far as a transfer session has been charged with them. The
     * connection counts since it opened, and a page fetched ahead travels while the previous one is
     * stored, so each chunk charges what went over the wire since the last charge: the sum is exact.
     */
    public static final class WireTally {
        private long sent;
        private long received;

        WireTally(long sent, long received) {
            this.sent = sent;
            this.received = received;
        }

        /** {sent, received} since the last call, and the counters as now charged. */
        public synchronized long[] charge(long sentNow, long receivedNow) {
            long[] since = {Math.max(0, sentNow - sent), Math.max(0, receivedNow - received)};
            sent = Math.max(sent, sentNow);
            received = Math.max(received, receivedNow);
            return since;
        }
    }

    private final Map<String, ClientTransfer> transfers = new ConcurrentHashMap<>();

    public void register(String transferSessionId, ClientTransfer transfer) {
        ClientTransfer earlier = transfers.put(transferSessionId, transfer);
        if (earlier != null && earlier.pipeline() != transfer.pipeline()) {
            earlier.pipeline().clear();
        }
    }

    public void forget(String transferSessionId) {
        ClientTransfer transfer = transfers.remove(transferSessionId);
        if (transfer != null) {
            transfer.pipeline().clear();
        }
    }

    /**
     * @throws NoSuchElementException naming the transfer when it has no connection on this node
     */
    public ClientTransfer require(String transferSessionId) {
        ClientTransfer transfer = transfers.get(transferSessionId);
        if (transfer == null) {
            throw new NoSuchElementException("transfer session " + transferSessionId
                    + " has no connection to its peer on this node (was the node restarted?); resume it to go on");
        }
        return transfer;
    }
}
