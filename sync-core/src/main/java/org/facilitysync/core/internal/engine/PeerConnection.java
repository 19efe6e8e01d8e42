package org.facilitysync.core.internal.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncPeer;
import org.facilitysync.core.internal.exchange.BufferRecord;

/**
 * The client's line to the server of a sync: Morango's REST API as calls. An in-process peer calls the
 * other node's {@link TransferServer} directly; the HTTP client of a later issue speaks the same calls
 * over the wire. Every call may throw {@link PeerException} when the peer refuses or cannot be reached.
 */
public interface PeerConnection extends SyncPeer {

    /** The capabilities the peer announces. */
    Set<String> capabilities();

    /**
     * The sync session this connection uses, opened on the peer at first use and kept until
     * {@link #close()}: one handshake serves every transfer of the connection.
     *
     * @param profile the profile synced
     * @param clientInstanceId this node's instance id, which the peer records
     */
    String syncSession(String profile, String clientInstanceId);

    /** Creates the transfer session on the peer (Morango's POST transfersessions/). */
    RemoteTransferSession createTransferSession(String transferSessionId, String syncSessionId, SyncFilter filter,
            boolean push);

    /** The peer's transfer session, if it has one with that id and it is active. */
    Optional<RemoteTransferSession> transferSession(String transferSessionId);

    /** Reports fields and asks the peer to proceed (Morango's PATCH transfersessions/{id}/). */
    RemoteTransferSession updateTransferSession(String transferSessionId, TransferSessionUpdate update);

    /** A chunk of the peer's buffer, ordered as the peer queued it (Morango's GET buffers/). */
    List<BufferRecord> buffers(String transferSessionId, long offset, int limit);

    /** Sends a chunk of records to the peer's buffer (Morango's POST buffers/). */
    void sendBuffers(String transferSessionId, List<BufferRecord> records);

    /**
     * Does now what {@link #sendBuffers} can do before the chunk goes out (over HTTP: its JSON and gzip body),
     * so that a client can make the next chunk ready while the current one is in flight; running the result
     * sends it, with {@link #sendBuffers}'s checks and failures. By default nothing is done ahead.
     */
    default Runnable prepareBuffers(String transferSessionId, List<BufferRecord> records) {
        return () -> sendBuffers(transferSessionId, records);
    }

    /** Asks the peer to clean the transfer session up (Morango's DELETE transfersessions/{id}/). */
    void deleteTransferSession(String transferSessionId);

    /** Bytes sent to the peer so far on this connection. */
    long bytesSent();

    /** Bytes received from the peer so far on this connection. */
    long bytesReceived();

    /** Ends the sync session on the peer (Morango's DELETE syncsessions/{id}/). */
    void close();
}
