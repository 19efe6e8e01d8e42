/**
 * Persisted state of transfer sessions and the per-sync-session attributes plugins keep.
 *
 * <p>{@link org.facilitysync.core.internal.session.TransferSessionStore} is the storage boundary:
 * {@link org.facilitysync.core.internal.session.JdbcTransferSessionStore} in the node's database (Morango's
 * tables), with {@link org.facilitysync.core.internal.session.InMemoryTransferSessionStore} as the low-ranked
 * fallback while there is no database; sync sessions, which transfer sessions belong to, are kept by
 * {@link org.facilitysync.core.internal.session.SyncSessionStore}.
 * {@link org.facilitysync.core.internal.session.MutableTransferState} is the
 * handle the core uses to change one transfer session, and
 * {@link org.facilitysync.core.internal.session.SessionView} the read-only view plugins get.
 */
package org.facilitysync.core.internal.session;
