package org.facilitysync.api.execution;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The other node of a sync, as {@link SyncService} reaches it: over HTTP for a network peer, or
 * directly for a node in the same process (tests, benchmarks). Obtained from the core, never
 * implemented by plugins.
 */
@ProviderType
public interface SyncPeer {

    /** Where the peer is, for messages and progress lines (a base URL, or a node's name). */
    String description();
}
