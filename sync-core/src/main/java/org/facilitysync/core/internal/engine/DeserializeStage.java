package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.serialization.StoreSerializer;
import org.facilitysync.core.internal.serialization.StoreDeserializer;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Deserializing: the receiver first serializes its own changes (so a local edit made since the last
 * sync is kept and the received version recorded as a conflict), then applies the changed store
 * records to its application tables.
 */
final class DeserializeStage extends EngineStage {

    private final StoreSerializer serializer;
    private final StoreDeserializer deserializer;
    private final SyncSessionStore syncSessions;

    DeserializeStage(StoreSerializer serializer, StoreDeserializer deserializer, SyncSessionStore syncSessions) {
        super(SyncStage.DESERIALIZING);
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.syncSessions = syncSessions;
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isReceiver() && context.recordsTransferred() > 0) {
            String profile = profile(syncSessions, context);
            serializer.serializeIntoStore(profile, context.filter());
            deserializer.deserializeFromStore(profile, context.filter());
        }
    }
}
