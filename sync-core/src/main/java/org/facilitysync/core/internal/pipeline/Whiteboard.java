package org.facilitysync.core.internal.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;

/**
 * The registered operations and hooks, published as an immutable {@link PipelineSnapshot}.
 *
 * <p>Copy-on-write, as Sling's {@code RankedServices}: changes (which DS delivers on any thread, at any
 * time) are serialized by a lock and each publishes a new snapshot through a volatile field; readers
 * take the snapshot without locking and never see a half-made change. Changes are rare and pipelines
 * small, so rebuilding the whole snapshot on each change costs nothing that matters.
 */
public final class Whiteboard {

    private final ServicePropertyParser properties;
    private final Object lock = new Object();
    // Guarded by lock; keyed by service.id, which identifies a registration for its whole life.
    private final Map<Long, RankedOperation> operations = new HashMap<>();
    private final Map<Long, RankedHook> hooks = new HashMap<>();
    private volatile PipelineSnapshot snapshot = PipelineSnapshot.EMPTY;

    public Whiteboard(Logger log) {
        this.properties = new ServicePropertyParser(log);
    }

    /** The pipeline as it stands; later changes publish a new snapshot and leave this one alone. */
    public PipelineSnapshot snapshot() {
        return snapshot;
    }

    /** Adds an operation, or replaces the one with the same service.id. */
    public void addOperation(SyncOperation operation, ServiceReference<?> reference) {
        putOperation(operation, reference, false);
    }

    /**
     * Takes new service properties of an operation into account. A malformed priority keeps the
     * priority the operation had, rather than silently moving it to the default.
     */
    public void updateOperation(SyncOperation operation, ServiceReference<?> reference) {
        putOperation(operation, reference, true);
    }

    /**
     * Adds an operation that is not an OSGi service (a node assembled in plain Java, as tests and
     * benchmarks do); {@code id} plays the part of its service.id and must not collide with one.
     */
    public void addEmbeddedOperation(long id, SyncOperation operation, int priority, Set<SyncStage> stages,
            String origin) {
        ServiceDescription service = new ServiceDescription("operation", id, operation.getClass().getName(), origin,
                "embedded", null);
        synchronized (lock) {
            operations.put(id, new RankedOperation(operation, entry(service, priority, stages)));
            publish();
        }
    }

    public void removeOperation(ServiceReference<?> reference) {
        long serviceId = ServiceDescription.serviceId(reference);
        synchronized (lock) {
            if (operations.remove(serviceId) != null) {
                publish();
            }
        }
    }

    /** Adds a hook, or replaces the one with the same service.id. */
    public void addHook(FacilityDataSyncHook hook, ServiceReference<?> reference) {
        ServiceDescription service = ServiceDescription.of("hook", hook, reference);
        int ranking = ServicePropertyParser.ranking(reference.getProperty(Constants.SERVICE_RANKING));
        RankedHook ranked = new RankedHook(hook, entry(service, ranking, Set.of()), ranking);
        synchronized (lock) {
            hooks.put(service.serviceId(), ranked);
            publish();
        }
    }

    /** Takes a hook's new {@code service.ranking} into account. */
    public void updateHook(FacilityDataSyncHook hook, ServiceReference<?> reference) {
        addHook(hook, reference);
    }

    public void removeHook(ServiceReference<?> reference) {
        long serviceId = ServiceDescription.serviceId(reference);
        synchronized (lock) {
            if (hooks.remove(serviceId) != null) {
                publish();
            }
        }
    }

    private void putOperation(SyncOperation operation, ServiceReference<?> reference, boolean update) {
        Objects.requireNonNull(operation, "operation");
        ServiceDescription service = ServiceDescription.of("operation", operation, reference);
        synchronized (lock) {
            RankedOperation previous = update ? operations.get(service.serviceId()) : null;
            int priority = properties.priority(reference.getProperty(SyncOperation.PRIORITY), service,
                    previous == null ? null : previous.entry().priority());
            Set<SyncStage> stages = properties.stages(reference.getProperty(SyncOperation.STAGE), service);
            operations.put(service.serviceId(), new RankedOperation(operation, entry(service, priority, stages)));
            publish();
        }
    }

    private static PipelineEntry entry(ServiceDescription service, int priority, Set<SyncStage> stages) {
        return new PipelineEntry(service.serviceId(), priority, service.bundleSymbolicName(),
                service.bundleVersion(), service.className(), stages);
    }

    // Called with lock held.
    private void publish() {
        snapshot = PipelineSnapshot.of(operations.values(), hooks.values());
    }
}
