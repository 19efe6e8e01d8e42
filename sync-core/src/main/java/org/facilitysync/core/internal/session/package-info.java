/**
 * Persisted state of transfer sessions and the per-sync-session attributes plugins keep.
 *
 * <p>{@link org.facilitysync.core.internal.session.TransferSessionStore} is the storage boundary (in
 * memory now, JDBC later); {@link org.facilitysync.core.internal.session.MutableTransferState} is the
 * handle the core uses to change one transfer session, and
 * {@link org.facilitysync.core.internal.session.SessionView} the read-only view plugins get.
 */
package org.facilitysync.core.internal.session;
