/**
 * Serialization (application tables → Store) and deserialization (Store → application tables), as
 * Morango's {@code _serialize_into_store} and {@code _deserialize_from_store} (reference §4.3, §4.8),
 * set-based and streamed in chunks so that memory is bounded by the chunk size.
 *
 * <p>Stage operations call {@link org.facilitysync.core.internal.serialization.StoreSerializer#serializeIntoStore}
 * and {@link org.facilitysync.core.internal.serialization.StoreDeserializer#deserializeFromStore}. The
 * serialized JSON text is byte-for-byte Morango's (Django's encoder over Python's {@code json}):
 * {@link org.facilitysync.core.internal.serialization.SerializedJson},
 * {@link org.facilitysync.core.internal.serialization.PythonFloat},
 * {@link org.facilitysync.core.internal.serialization.DjangoDateTime}. Private to sync-core.
 */
package org.facilitysync.core.internal.serialization;
