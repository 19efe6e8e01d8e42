/**
 * The sync engine: the stage operations that move records between two nodes (registered at
 * {@link org.facilitysync.api.SyncOperation#ENGINE_PRIORITY}), the server side a peer talks to, the
 * client's connection to a peer, and {@link org.facilitysync.api.execution.SyncService}.
 *
 * <p>Each stage operation serves both roles. On the server it does this node's half of the stage. On
 * the client it does this node's half once, then asks the peer to proceed to the same stage and
 * answers PENDING until the peer has completed it, as Morango's local and network operations do
 * together.
 */
package org.facilitysync.core.internal.engine;
