package org.facilitysync.core.internal.engine;

import java.util.List;

/** The engine's seven stage operations, in stage order, for one node. */
public final class EngineOperations {

    private EngineOperations() {
    }

    /** One operation per stage, each to be registered at the engine priority for its {@link EngineStage#stage()}. */
    public static List<EngineStage> of(NodeEngine engine) {
        // each stage gets exactly the parts it works with; the engine only assembles them
        UnknownModels unknownModels = new UnknownModels(engine.registry(), engine.database());
        return List.of(new InitializeStage(),
                new SerializeStage(engine.serializer(), engine.sessionFsics(), engine.fsics(), engine.syncSessions()),
                new QueueStage(engine.queue(), unknownModels, engine.transfers(), engine.syncSessions()),
                new TransferStage(engine.chunksOut(), engine.chunksIn(), engine.transfers()),
                new DequeueStage(engine.dequeue(), engine.sessionFsics(), unknownModels, engine.syncSessions()),
                new DeserializeStage(engine.serializer(), engine.deserializer(), engine.syncSessions()),
                new CleanupStage(engine.cleanup()));
    }
}
