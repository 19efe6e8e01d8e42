/**
 * Storage: the node's database (SQLite embedded, PostgreSQL for hubs), its versioned schema and the
 * instance counter. Private to sync-core.
 *
 * <p>The engine gets a {@link org.facilitysync.core.internal.storage.Database} service (registered by
 * {@link org.facilitysync.core.internal.storage.StorageComponent} once the database is open and
 * migrated) and runs its work through it:
 * {@code database.inTransaction(tx -> ...)} for writes, {@code database.read(tx -> ...)} for reads,
 * {@link org.facilitysync.core.internal.storage.TransactionOptions} for snapshots and partition locks,
 * and {@code tx.dialect()} for the few SQL differences. Version stamps come from
 * {@link org.facilitysync.core.internal.storage.InstanceIdStore#incrementCounter()}.
 *
 * <p>Schema changes are new files {@code db/<dialect>/V<n>__<what>.sql} for both dialects, listed in
 * {@code db/<dialect>/migrations.txt}; a released file is never edited.
 */
package org.facilitysync.core.internal.storage;
