/**
 * Serialization (application tables → Store) and deserialization (Store → application tables), as
 * Morango's {@code _serialize_into_store} and {@code _deserialize_from_store} (reference §4.3, §4.8),
 * set-based and streamed in chunks so that memory is bounded by the chunk size.
 *
 * <p>What stage operations call, with the {@code Database} and {@code ModelRegistry} services:
 * <ul>
 * <li>producer, serializing stage: {@code new StoreSerializer(database, registry).serializeIntoStore(profile,
 * filter)} before the FSIC is computed;</li>
 * <li>receiver, deserializing stage (only when records were transferred): the same
 * {@code serializeIntoStore(profile, filter)}, then
 * {@code new StoreDeserializer(database, registry).deserializeFromStore(profile, filter)}.</li>
 * </ul>
 * Each call is one transaction (REPEATABLE READ, the filter's partitions locked exclusively) that
 * {@link org.facilitysync.core.internal.storage.Database} retries on contention; a null filter means every
 * partition. Per-record deserialization failures do not throw: they stay in the Store rows'
 * {@code deserialization_error} (the rows stay dirty and are retried by the next pass) and are counted in
 * {@link org.facilitysync.core.internal.serialization.DeserializationResult#failed()}.
 *
 * <p>The serialized JSON text is byte for byte Morango's (Django's encoder over Python's {@code json}):
 * {@link org.facilitysync.core.internal.serialization.SerializedJson},
 * {@link org.facilitysync.core.internal.identity.PythonFloat},
 * {@link org.facilitysync.core.internal.serialization.DjangoDateTime}. Private to sync-core.
 */
package org.facilitysync.core.internal.serialization;
