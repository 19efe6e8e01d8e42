package org.facilitysync.core.internal.engine;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.execution.SyncService;
import org.facilitysync.core.internal.model.ModelRegistry;
import org.facilitysync.core.internal.session.JdbcTransferSessionStore;
import org.facilitysync.core.internal.storage.Database;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine in the container: once the node's database, model registry and pipeline are there, it
 * registers the seven stage operations at {@link SyncOperation#ENGINE_PRIORITY} (so every plugin runs
 * before them), the {@link SyncService}, and the server side that the network endpoints call.
 */
@Component(immediate = true, configurationPid = SyncEngineComponent.PID)
@Designate(ocd = SyncEngineComponent.Config.class)
public final class SyncEngineComponent {

    /** The configuration PID. */
    public static final String PID = "org.facilitysync.engine";

    @ObjectClassDefinition(name = "facilitysync engine", description = "The sync engine of this node.")
    public @interface Config {
        @AttributeDefinition(name = "Profile", description = "The Morango profile this node syncs.")
        String profile() default "facilitydata";
    }

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngineComponent.class);

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public SyncEngineComponent(@Reference(name = "database") Database database,
            @Reference(name = "registry") ModelRegistry registry,
            @Reference(name = "pipeline") SyncPipeline pipeline, BundleContext context, Config config) {
        // The store is stateless over the database, so this instance and the pipeline's agree.
        NodeEngine engine = new NodeEngine(database, registry, new JdbcTransferSessionStore(database));
        for (EngineStage operation : EngineOperations.of(engine)) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(SyncOperation.STAGE, operation.stage().wireName());
            properties.put(SyncOperation.PRIORITY, SyncOperation.ENGINE_PRIORITY);
            registrations.add(context.registerService(SyncOperation.class, operation, properties));
        }
        registrations.add(context.registerService(SyncService.class,
                new EngineSyncService(engine, pipeline, config.profile()), new Hashtable<>()));
        registrations.add(context.registerService(NodeEngine.class, engine, new Hashtable<>()));
        registrations.add(context.registerService(TransferServer.class, new TransferServer(engine, pipeline),
                new Hashtable<>()));
        LOG.info("Sync engine ready: instance {}, profile {}, database {}", engine.instanceId(), config.profile(),
                database.location());
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and took it with it
            }
        }
        registrations.clear();
    }
}
