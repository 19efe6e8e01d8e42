/**
 * The exchange: everything between Morango's Store and the peer. FSICs from the database
 * ({@link org.facilitysync.core.internal.exchange.FsicQuery}), queuing the records the receiver lacks
 * ({@link org.facilitysync.core.internal.exchange.BufferQueue}), buffer chunks out
 * ({@link org.facilitysync.core.internal.exchange.BufferChunkReader}, as
 * {@link org.facilitysync.core.internal.exchange.BufferRecord}s written by
 * {@link org.facilitysync.core.internal.exchange.BufferRecordJson}) and in
 * ({@link org.facilitysync.core.internal.exchange.BufferChunkReceiver}), dequeuing into the Store with
 * the DatabaseMaxCounter update ({@link org.facilitysync.core.internal.exchange.StoreDequeue}), and
 * cleanup ({@link org.facilitysync.core.internal.exchange.BufferCleanup},
 * {@link org.facilitysync.core.internal.exchange.StaleSessionCollector}).
 *
 * <p>Plain Java over the {@link org.facilitysync.core.internal.storage.Database}; every stage's work is
 * set-based SQL in one transaction, so a crash leaves a transfer session that resumes where it stopped.
 * Private to sync-core.
 */
package org.facilitysync.core.internal.exchange;
