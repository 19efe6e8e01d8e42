/**
 * The syncable-model SPI: how a bundle declares the models it syncs ({@link SyncProfile}), and how
 * applications read and write their records ({@link SyncRecords}) so that every write is tracked.
 *
 * <p>Morango's rules apply: a record's id, partition and source id are computed once, when it is
 * created, from the model's {@link SyncableModel#partitionTemplate() partition template} and
 * {@link SourceIdRule source-id rule}; every write through {@link SyncRecords} marks the record dirty
 * in the same transaction, so the next serialization picks up exactly what changed.
 *
 * <p>A profile also declares the {@link ScopeDefinition scope definitions} of its certificates, and
 * {@link MorangoIds} holds Morango's id rules for any code that must compute an id as the core does.
 */
@Export
@Version("1.2.0")
package org.facilitysync.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
