package org.facilitysync.core.internal.engine;

import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * Deserializing: the receiver first serializes its own changes (so a local edit made since the last
 * sync is kept and the received version recorded as a conflict), then applies the changed store
 * records to its application tables.
 */
final class DeserializeStage extends EngineStage {

    DeserializeStage(NodeEngine engine) {
        super(engine, SyncStage.DESERIALIZING);
    }

    @Override
    protected void local(SyncContext context) {
        if (context.isReceiver() && context.recordsTransferred() > 0) {
            String profile = profile(context);
            engine.serializer().serializeIntoStore(profile, context.filter());
            engine.deserializer().deserializeFromStore(profile, context.filter());
        }
    }
}
