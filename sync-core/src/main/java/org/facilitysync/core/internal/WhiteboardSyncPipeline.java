package org.facilitysync.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.core.internal.controller.Pacer;
import org.facilitysync.core.internal.controller.StageController;
import org.facilitysync.core.internal.pipeline.PipelineSnapshot;
import org.facilitysync.core.internal.pipeline.Whiteboard;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.session.TransferSessionRow;
import org.facilitysync.core.internal.session.TransferSessionStore;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SyncPipeline} service: tracks every {@link SyncOperation} and {@link FacilityDataSyncHook}
 * (dynamic, greedy, so services come and go without restarting the component) and begins transfer
 * sessions with the snapshot current at that moment.
 *
 * <p>Bind methods are used rather than DS field injection because DS sorts injected lists by
 * ascending ranking and knows nothing of {@code sync.priority}; the {@link Whiteboard} does the
 * ordering. The {@code updated} methods matter: without them a changed priority would be ignored.
 */
@Component(service = SyncPipeline.class, immediate = true)
public final class WhiteboardSyncPipeline implements SyncPipeline {

    private final TransferSessionStore store;
    private final Pacer pacer;
    private final Whiteboard whiteboard;
    /** Controllers of transfers in progress, so later requests for one keep the snapshot it began with. */
    private final Map<String, StageController> liveControllers = new ConcurrentHashMap<>();

    /** Greedy, so that a persistent store registered later replaces the low-ranked in-memory one. */
    @Activate
    public WhiteboardSyncPipeline(
            @Reference(name = "store", policyOption = ReferencePolicyOption.GREEDY) TransferSessionStore store) {
        this(store, Pacer.system(), LoggerFactory.getLogger(WhiteboardSyncPipeline.class));
    }

    /** For tests and embedding: explicit store, clock and the logger the whiteboard warns through. */
    public WhiteboardSyncPipeline(TransferSessionStore store, Pacer pacer, Logger log) {
        this.store = Objects.requireNonNull(store, "store");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.whiteboard = new Whiteboard(log);
    }

    @Reference(name = "operation", service = SyncOperation.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindOperation", updated = "updatedOperation")
    public void bindOperation(SyncOperation operation, ServiceReference<SyncOperation> reference) {
        whiteboard.addOperation(operation, reference);
    }

    public void updatedOperation(SyncOperation operation, ServiceReference<SyncOperation> reference) {
        whiteboard.updateOperation(operation, reference);
    }

    public void unbindOperation(SyncOperation operation, ServiceReference<SyncOperation> reference) {
        whiteboard.removeOperation(reference);
    }

    @Reference(name = "hook", service = FacilityDataSyncHook.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindHook", updated = "updatedHook")
    public void bindHook(FacilityDataSyncHook hook, ServiceReference<FacilityDataSyncHook> reference) {
        whiteboard.addHook(hook, reference);
    }

    public void updatedHook(FacilityDataSyncHook hook, ServiceReference<FacilityDataSyncHook> reference) {
        whiteboard.updateHook(hook, reference);
    }

    public void unbindHook(FacilityDataSyncHook hook, ServiceReference<FacilityDataSyncHook> reference) {
        whiteboard.removeHook(reference);
    }

    @Override
    public List<PipelineEntry> operations(SyncStage stage) {
        return whiteboard.snapshot().operationEntries(Objects.requireNonNull(stage, "stage"));
    }

    @Override
    public List<PipelineEntry> hooks() {
        return whiteboard.snapshot().hookEntries();
    }

    /** {@inheritDoc} The snapshot is read once, before the session is stored, and kept by the controller. */
    @Override
    public TransferController begin(TransferRequest request) {
        Objects.requireNonNull(request, "request");
        forgetEndedControllers();
        PipelineSnapshot snapshot = whiteboard.snapshot();
        StageController controller = new StageController(snapshot, MutableTransferState.begin(store, request), pacer);
        liveControllers.put(request.transferSessionId(), controller);
        return controller;
    }

    @Override
    public Optional<TransferController> controller(String transferSessionId) {
        Objects.requireNonNull(transferSessionId, "transferSessionId");
        Optional<TransferSessionRow> row = store.find(transferSessionId);
        if (row.isEmpty() || !row.get().active()) {
            liveControllers.remove(transferSessionId);
            return Optional.empty();
        }
        return Optional.of(liveControllers.computeIfAbsent(transferSessionId, id ->
                new StageController(whiteboard.snapshot(), MutableTransferState.of(store, id), pacer)));
    }

    /** Keeps the map of live controllers as small as the number of transfers in progress. */
    private void forgetEndedControllers() {
        liveControllers.keySet().removeIf(id -> store.find(id).map(row -> !row.active()).orElse(true));
    }

    /**
     * Registers an operation without OSGi, for a node assembled in plain Java (tests, benchmarks);
     * ids should be negative so they never meet a real service.id.
     */
    public void registerEmbedded(long id, SyncOperation operation, int priority, Set<SyncStage> stages,
            String origin) {
        whiteboard.addEmbeddedOperation(id, operation, priority, stages, origin);
    }

    /** The snapshot a transfer session begun now would run with. */
    public PipelineSnapshot snapshot() {
        return whiteboard.snapshot();
    }
}
