/**
 * The syncable models of this node and their application tables.
 *
 * <p>{@link org.facilitysync.core.internal.model.ModelRegistryComponent} tracks every
 * {@link org.facilitysync.api.model.SyncProfile} service and keeps, per profile, the models in Morango's
 * dependency order ({@link org.facilitysync.core.internal.model.DependencyOrder}), validated by the
 * plain-Java {@link org.facilitysync.core.internal.model.ModelCatalog}. It creates and extends one table
 * per model ({@link org.facilitysync.core.internal.model.AppTables}): {@code id},
 * {@code _morango_source_id}, {@code _morango_partition}, {@code _morango_dirty_bit}, then the model's
 * fields. The engine asks the {@link org.facilitysync.core.internal.model.ModelRegistry} service for a
 * profile's {@link org.facilitysync.core.internal.model.ProfileModels}. Private to sync-core.
 */
package org.facilitysync.core.internal.model;
