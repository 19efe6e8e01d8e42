package org.facilitysync.core.internal.engine;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.WhiteboardSyncPipeline;
import org.facilitysync.core.internal.controller.Pacer;
import org.facilitysync.core.internal.model.AppTables;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.records.SyncRecordsService;
import org.facilitysync.core.internal.session.JdbcTransferSessionStore;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.trust.ScopeDefinitionStore;
import org.slf4j.LoggerFactory;

/**
 * A whole node assembled in plain Java over one database: models, records, pipeline with the engine's
 * operations, server side and sync service. Tests and benchmarks run several of these in one process
 * and sync them through {@link InProcessPeer}s, through exactly the controller and operations an OSGi
 * node uses.
 */
public final class LocalNode implements AutoCloseable {

    private static final AtomicLong EMBEDDED_IDS = new AtomicLong(-1);

    private final String name;
    private final Database database;
    private final ModelCatalog models;
    private final WhiteboardSyncPipeline pipeline;
    private final NodeEngine engine;
    private final TransferServer server;
    private final EngineSyncService syncService;
    private final SyncRecordsService records;

    public LocalNode(String name, Database database, String profile, SyncProfile... profiles) {
        this.name = Objects.requireNonNull(name, "name");
        this.database = Objects.requireNonNull(database, "database");
        AppTables tables = new AppTables(database);
        this.models = new ModelCatalog(LoggerFactory.getLogger(LocalNode.class), tables::provision);
        for (SyncProfile syncProfile : profiles) {
            new ScopeDefinitionStore(database).install(syncProfile.scopeDefinitions());
            models.add(new ModelCatalog.ProfileSource(EMBEDDED_IDS.getAndDecrement(), name + " " + syncProfile.name(),
                    syncProfile));
        }
        JdbcTransferSessionStore store = new JdbcTransferSessionStore(database);
        this.pipeline = new WhiteboardSyncPipeline(store, Pacer.system(), LoggerFactory.getLogger(LocalNode.class));
        this.engine = new NodeEngine(database, models, store);
        for (EngineStage operation : EngineOperations.of(engine)) {
            pipeline.registerEmbedded(EMBEDDED_IDS.getAndDecrement(), operation, SyncOperation.ENGINE_PRIORITY,
                    Set.of(operation.stage()), "org.facilitysync.core (embedded in " + name + ")");
        }
        this.server = new TransferServer(engine, pipeline);
        this.syncService = new EngineSyncService(engine, pipeline, profile);
        this.records = new SyncRecordsService(database, models);
    }

    public String name() { return name; }
    public Database database() { return database; }
    public WhiteboardSyncPipeline pipeline() { return pipeline; }
    public NodeEngine engine() { return engine; }
    public TransferServer server() { return server; }
    public EngineSyncService syncService() { return syncService; }
    public SyncRecords records() { return records; }

    /** A connection from another node to this one, as its peer. */
    public InProcessPeer asPeer() {
        return new InProcessPeer(name, server);
    }

    @Override
    public void close() {
        database.close();
    }
}
