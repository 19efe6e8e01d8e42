package org.facilitysync.extras;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.engine.PeerConnection;
import org.facilitysync.core.internal.engine.PeerException;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.BufferRecord;

/**
 * A real peer that times every call the client makes to the server (each stands for one HTTP request),
 * and whose link can be cut, as a killed server would cut it.
 */
final class TimingPeer implements PeerConnection {

    private final PeerConnection peer;
    private final AtomicLong longestNanos = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean down;

    TimingPeer(PeerConnection peer) {
        this.peer = peer;
    }

    /** The longest single call so far, in milliseconds. */
    long longestCallMillis() {
        return longestNanos.get() / 1_000_000;
    }

    int calls() {
        return calls.get();
    }

    /** From now on every call fails as a dead server's would. */
    void cut() {
        down = true;
    }

    private <T> T timed(Supplier<T> call) {
        if (down) {
            throw new PeerException("connection refused (test: the server was killed)");
        }
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            long took = System.nanoTime() - start;
            calls.incrementAndGet();
            longestNanos.accumulateAndGet(took, Math::max);
        }
    }

    @Override public String description() { return "timed " + peer.description(); }
    @Override public Set<String> capabilities() { return peer.capabilities(); }
    @Override public String syncSession(String profile, String clientInstanceId) {
        return timed(() -> peer.syncSession(profile, clientInstanceId));
    }
    @Override public RemoteTransferSession createTransferSession(String id, String syncSessionId, SyncFilter filter,
            boolean push) {
        return timed(() -> peer.createTransferSession(id, syncSessionId, filter, push));
    }
    @Override public Optional<RemoteTransferSession> transferSession(String id) {
        return timed(() -> peer.transferSession(id));
    }
    @Override public RemoteTransferSession updateTransferSession(String id, TransferSessionUpdate update) {
        return timed(() -> peer.updateTransferSession(id, update));
    }
    @Override public List<BufferRecord> buffers(String id, long offset, int limit) {
        return timed(() -> peer.buffers(id, offset, limit));
    }
    @Override public void sendBuffers(String id, List<BufferRecord> records) {
        timed(() -> {
            peer.sendBuffers(id, records);
            return null;
        });
    }
    @Override public void deleteTransferSession(String id) {
        timed(() -> {
            peer.deleteTransferSession(id);
            return null;
        });
    }
    @Override public long bytesSent() { return peer.bytesSent(); }
    @Override public long bytesReceived() { return peer.bytesReceived(); }
    @Override public void close() {
        if (!down) {
            peer.close();
        }
    }
}
