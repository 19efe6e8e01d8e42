package org.facilitysync.api.execution;

import java.time.Duration;
import java.util.List;

import org.facilitysync.api.SyncFilter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Syncs this node's data with a peer: the programmatic face of {@code sync:sync}.
 *
 * <p>Each call runs one transfer session to its end on the calling thread, through the pipeline of
 * stage operations and hooks, and returns how it ended; a failed transfer stays stored and can be
 * resumed from the stage and offset it reached. Safe for concurrent use; transfers with different
 * peers run in parallel.
 */
@ProviderType
public interface SyncService {

    /** Brings the filter's records that this node lacks from the peer (this node receives). */
    TransferResult pull(SyncPeer peer, SyncFilter filter, SyncOptions options);

    /** Sends the filter's records that the peer lacks (this node produces). */
    TransferResult push(SyncPeer peer, SyncFilter filter, SyncOptions options);

    /**
     * Continues a transfer that this node started and that ended with an error or was interrupted,
     * from the stage and offset it reached.
     *
     * @throws java.util.NoSuchElementException when no such transfer session is stored, or it ended
     */
    TransferResult resume(String transferSessionId, SyncPeer peer, SyncOptions options);

    /** The transfer sessions stored on this node, newest first. */
    List<TransferSummary> sessions();

    /**
     * Ends transfer sessions with no activity for longer than {@code expiration}, drops their buffers,
     * and ends sync sessions left with no transfer in progress (Morango's {@code cleanupsyncs}).
     *
     * @return how many transfer sessions were ended
     */
    int cleanup(Duration expiration);
}
