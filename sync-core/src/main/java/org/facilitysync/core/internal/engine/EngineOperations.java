package org.facilitysync.core.internal.engine;

import java.util.List;

/** The engine's seven stage operations, in stage order, for one node. */
public final class EngineOperations {

    private EngineOperations() {
    }

    /** One operation per stage, each to be registered at the engine priority for its {@link EngineStage#stage()}. */
    public static List<EngineStage> of(NodeEngine engine) {
        return List.of(new InitializeStage(engine), new SerializeStage(engine), new QueueStage(engine),
                new TransferStage(engine), new DequeueStage(engine), new DeserializeStage(engine),
                new CleanupStage(engine));
    }
}
