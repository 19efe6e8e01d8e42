package org.facilitysync.core.internal.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.exchange.BufferRecord;

/** A real peer whose link goes down after a number of buffer chunks, as a broken connection would. */
final class BreakingPeer implements PeerConnection {

    private final PeerConnection peer;
    private int chunksLeft;

    BreakingPeer(PeerConnection peer, int chunksBeforeBreaking) {
        this.peer = peer;
        this.chunksLeft = chunksBeforeBreaking;
    }

    private void chunk() {
        if (chunksLeft-- <= 0) {
            throw new PeerException("link down (test)");
        }
    }

    @Override public String description() { return "breaking " + peer.description(); }
    @Override public Set<String> capabilities() { return peer.capabilities(); }
    @Override public String syncSession(String profile, String clientInstanceId) { return peer.syncSession(profile, clientInstanceId); }
    @Override public RemoteTransferSession createTransferSession(String id, String syncSessionId, SyncFilter filter, boolean push) {
        return peer.createTransferSession(id, syncSessionId, filter, push);
    }
    @Override public Optional<RemoteTransferSession> transferSession(String id) { return peer.transferSession(id); }
    @Override public RemoteTransferSession updateTransferSession(String id, TransferSessionUpdate update) {
        return peer.updateTransferSession(id, update);
    }
    @Override public List<BufferRecord> buffers(String id, long offset, int limit) {
        chunk();
        return peer.buffers(id, offset, limit);
    }
    @Override public void sendBuffers(String id, List<BufferRecord> records) {
        chunk();
        peer.sendBuffers(id, records);
    }
    @Override public void deleteTransferSession(String id) { peer.deleteTransferSession(id); }
    @Override public long bytesSent() { return peer.bytesSent(); }
    @Override public long bytesReceived() { return peer.bytesReceived(); }
    @Override public void close() { peer.close(); }
}
