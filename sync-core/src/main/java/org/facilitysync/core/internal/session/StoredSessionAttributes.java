package org.facilitysync.core.internal.session;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.SessionAttributes;

/** The attributes of one sync session, read and written straight through to the store. */
final class StoredSessionAttributes implements SessionAttributes {

    private final TransferSessionStore store;
    private final String syncSessionId;

    StoredSessionAttributes(TransferSessionStore store, String syncSessionId) {
        this.store = Objects.requireNonNull(store, "store");
        this.syncSessionId = Objects.requireNonNull(syncSessionId, "syncSessionId");
    }

    @Override
    public Optional<String> get(String key) {
        return key == null ? Optional.empty() : store.attribute(syncSessionId, key);
    }

    @Override
    public void put(String key, String value) {
        requireKey(key);
        if (value == null) {
            throw new IllegalArgumentException("attribute '" + key + "' of sync session " + syncSessionId
                    + " cannot be null; use remove(key) to drop it");
        }
        store.putAttribute(syncSessionId, key, value);
    }

    @Override
    public void remove(String key) {
        requireKey(key);
        store.removeAttribute(syncSessionId, key);
    }

    @Override
    public Map<String, String> asMap() {
        return store.attributes(syncSessionId);
    }

    private void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("attribute keys of sync session " + syncSessionId
                    + " must not be null or blank, got " + (key == null ? "null" : "'" + key + "'"));
        }
    }

    @Override
    public String toString() {
        return "attributes of sync session " + syncSessionId;
    }
}
