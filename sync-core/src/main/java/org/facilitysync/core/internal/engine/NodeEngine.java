package org.facilitysync.core.internal.engine;

import java.util.Objects;

import org.facilitysync.core.internal.exchange.BufferChunkReader;
import org.facilitysync.core.internal.exchange.BufferChunkReceiver;
import org.facilitysync.core.internal.exchange.BufferCleanup;
import org.facilitysync.core.internal.exchange.BufferQueue;
import org.facilitysync.core.internal.exchange.FsicQuery;
import org.facilitysync.core.internal.exchange.ModelIdRules;
import org.facilitysync.core.internal.exchange.StaleSessionCollector;
import org.facilitysync.core.internal.exchange.StoreDequeue;
import org.facilitysync.core.internal.exchange.TransferSessionFsics;
import org.facilitysync.core.internal.identity.NamespacedIdRule;
import org.facilitysync.core.internal.model.ModelRegistry;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.serialization.StoreDeserializer;
import org.facilitysync.core.internal.serialization.StoreSerializer;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.session.TransferSessionStore;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.InstanceIdStore;

/**
 * The engine's parts on one node, each made once: its database and the store, buffer and session
 * machinery over it. Plain Java, so that tests and benchmarks can assemble nodes without a framework;
 * {@link SyncEngineComponent} assembles it in OSGi. The stage operations do not see it: {@link
 * EngineOperations} hands each stage exactly the parts it works with.
 */
public final class NodeEngine {

    private final Database database;
    private final ModelRegistry registry;
    private final TransferSessionStore transfers;
    private final SyncSessionStore syncSessions;
    private final InstanceIdStore instances;
    private final StoreSerializer serializer;
    private final StoreDeserializer deserializer;
    private final FsicQuery fsics;
    private final TransferSessionFsics sessionFsics;
    private final BufferQueue queue;
    private final BufferChunkReader chunksOut;
    private final BufferChunkReceiver chunksIn;
    private final StoreDequeue dequeue;
    private final BufferCleanup cleanup;
    private final StaleSessionCollector staleSessions;
    private final String instanceId;

    public NodeEngine(Database database, ModelRegistry registry, TransferSessionStore transfers) {
        this.database = Objects.requireNonNull(database, "database");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.instanceId = NodeIdentity.activate(database).id();
        this.syncSessions = new SyncSessionStore(database);
        this.instances = new InstanceIdStore(database);
        this.serializer = new StoreSerializer(database, registry);
        this.deserializer = new StoreDeserializer(database, registry);
        this.fsics = new FsicQuery(database);
        this.sessionFsics = new TransferSessionFsics(database);
        this.queue = new BufferQueue(database);
        this.chunksOut = new BufferChunkReader(database);
        this.chunksIn = new BufferChunkReceiver(database, modelIdRules(registry));
        this.dequeue = new StoreDequeue(database, instances);
        this.cleanup = new BufferCleanup(database);
        this.staleSessions = new StaleSessionCollector(database);
    }

    /** How a receiver recomputes model uuids: the registry's models, Morango's default for the rest. */
    static ModelIdRules modelIdRules(ModelRegistry registry) {
        return (profile, modelName) -> registry.profile(profile).model(modelName)
                .map(RegisteredModel::model)
                .map(NamespacedIdRule::of)
                .orElse(NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL);
    }

    public Database database() { return database; }
    public ModelRegistry registry() { return registry; }
    public TransferSessionStore transfers() { return transfers; }
    public SyncSessionStore syncSessions() { return syncSessions; }
    public InstanceIdStore instances() { return instances; }
    public StoreSerializer serializer() { return serializer; }
    public StoreDeserializer deserializer() { return deserializer; }
    public FsicQuery fsics() { return fsics; }
    public TransferSessionFsics sessionFsics() { return sessionFsics; }
    public BufferQueue queue() { return queue; }
    public BufferChunkReader chunksOut() { return chunksOut; }
    public BufferChunkReceiver chunksIn() { return chunksIn; }
    public StoreDequeue dequeue() { return dequeue; }
    public BufferCleanup cleanup() { return cleanup; }
    public StaleSessionCollector staleSessions() { return staleSessions; }

    /** This node's Morango instance id. */
    public String instanceId() { return instanceId; }
}
