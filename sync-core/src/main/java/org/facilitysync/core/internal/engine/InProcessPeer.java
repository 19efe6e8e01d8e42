package org.facilitysync.core.internal.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.BufferRecordJson;

/**
 * A peer in the same process: calls the other node's {@link TransferServer} directly, through the same
 * stage operations and controller a network peer would reach. Records cross as the immutable values
 * they are; the byte counts are what the records would weigh as Morango's JSON on the wire, so that
 * progress reads the same as over HTTP. Refusals by the server become {@link PeerException}s, as HTTP
 * errors would.
 */
public final class InProcessPeer implements PeerConnection {

    private final String name;
    private final TransferServer server;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile String syncSessionId;

    public InProcessPeer(String name, TransferServer server) {
        this.name = Objects.requireNonNull(name, "name");
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    public String description() {
        return "in-process node " + name;
    }

    @Override
    public Set<String> capabilities() {
        return TransferServer.CAPABILITIES;
    }

    @Override
    public synchronized String syncSession(String profile, String clientInstanceId) {
        if (syncSessionId == null) {
            String id = UUID.randomUUID().toString().replace("-", "");
            call(() -> {
                server.openSyncSession(id, profile, clientInstanceId, description());
                return null;
            });
            syncSessionId = id;
        }
        return syncSessionId;
    }

    @Override
    public RemoteTransferSession createTransferSession(String transferSessionId, String syncSessionId,
            SyncFilter filter, boolean push) {
        return call(() -> server.createTransferSession(transferSessionId, syncSessionId, filter, push, capabilities()));
    }

    @Override
    public Optional<RemoteTransferSession> transferSession(String transferSessionId) {
        return call(() -> server.transferSession(transferSessionId));
    }

    @Override
    public RemoteTransferSession updateTransferSession(String transferSessionId, TransferSessionUpdate update) {
        return call(() -> server.updateTransferSession(transferSessionId, update));
    }

    @Override
    public List<BufferRecord> buffers(String transferSessionId, long offset, int limit) {
        List<BufferRecord> records = call(() -> server.buffers(transferSessionId, offset, limit));
        bytesReceived.addAndGet(wireBytes(records, BufferRecordJson.Style.SERVER));
        return records;
    }

    @Override
    public void sendBuffers(String transferSessionId, List<BufferRecord> records) {
        long bytes = wireBytes(records, BufferRecordJson.Style.CLIENT);
        bytesSent.addAndGet(bytes);
        call(() -> server.receiveBuffers(transferSessionId, records, bytes, 0));
    }

    @Override
    public void deleteTransferSession(String transferSessionId) {
        call(() -> {
            server.deleteTransferSession(transferSessionId);
            return null;
        });
    }

    @Override
    public long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public synchronized void close() {
        if (syncSessionId != null) {
            String id = syncSessionId;
            syncSessionId = null;
            call(() -> {
                server.closeSyncSession(id);
                return null;
            });
        }
    }

    /** What the records weigh as JSON (characters; the JSON is ASCII, non-ASCII being escaped). */
    private static long wireBytes(List<BufferRecord> records, BufferRecordJson.Style style) {
        return BufferRecordJson.length(records, style);
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PeerException(description() + " refused: " + e.getMessage(), e);
        }
    }
}
