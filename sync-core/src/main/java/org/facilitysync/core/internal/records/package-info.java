/**
 * The {@link org.facilitysync.api.model.SyncRecords} service: how applications create, read, update
 * and delete records of syncable models. Ids, source ids and partitions follow Morango
 * ({@link org.facilitysync.core.internal.records.RecordIdentity}); values are checked against the model
 * ({@link org.facilitysync.core.internal.records.RecordValues}); every write marks the record dirty,
 * and deletions fill Morango's tombstone queues, in the write's transaction. Private to sync-core.
 */
package org.facilitysync.core.internal.records;
