package org.facilitysync.api;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * String attributes kept with a sync session (Morango's {@code SyncSession.extra_fields}), for plugins
 * to remember what they did across stages, requests and resumes.
 *
 * <p>Prefix keys with something that is yours (your bundle's symbolic name, say): every plugin shares
 * one namespace per session. Writes are visible at once to later reads of the same session. Safe for
 * concurrent use.
 */
@ProviderType
public interface SessionAttributes {

    /** The value under {@code key}, if any. */
    Optional<String> get(String key);

    /**
     * Stores {@code value} under {@code key}, replacing any previous value.
     *
     * @throws IllegalArgumentException when the key is null or blank, or the value is null
     */
    void put(String key, String value);

    /** Removes {@code key}; nothing happens when it is absent. */
    void remove(String key);

    /** An immutable copy of all attributes. */
    Map<String, String> asMap();
}
