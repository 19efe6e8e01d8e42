package org.facilitysync.core.internal.model;

import java.util.Set;

/**
 * The syncable models this node knows, per profile. Registered as a service by
 * {@link ModelRegistryComponent}; the records service, serialization and deserialization look models up
 * here. Safe for concurrent use; every answer is an immutable snapshot.
 */
public interface ModelRegistry {

    /** The profile's models in dependency order; empty when no service declares any. */
    ProfileModels profile(String profile);

    /** The profiles that have at least one accepted model. */
    Set<String> profiles();
}
