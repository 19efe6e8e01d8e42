package org.facilitysync.api.model;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The syncable models a bundle contributes, registered as a whiteboard service. The models appear when
 * the service is registered and disappear when it goes; records already stored stay stored.
 *
 * <p>Several services may contribute models to the same profile. The core orders all models of a
 * profile by their dependencies (foreign keys and {@link SyncableModel#dependencies()}), and refuses,
 * with a log line naming the service and the model, a model whose name another service already
 * declared or whose references cannot be satisfied.
 */
@ConsumerType
public interface SyncProfile {

    /** The profile's name, as in Morango (for example {@code facilitydata}). */
    String name();

    /** The models this service declares; every one's {@link SyncableModel#profile()} is {@link #name()}. */
    List<SyncableModel> models();

    /**
     * The scope definitions of this profile's certificates. The core stores them when the service is
     * registered, replacing a stored definition of the same id that differs: the profile, not the
     * database, says what a scope means. None by default.
     *
     * @since 1.2
     */
    default List<ScopeDefinition> scopeDefinitions() {
        return List.of();
    }
}
