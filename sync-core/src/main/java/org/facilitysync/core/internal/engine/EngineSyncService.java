package org.facilitysync.core.internal.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.SyncPeer;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.execution.SyncProgress;
import org.facilitysync.api.execution.SyncService;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.execution.TransferSummary;
import org.facilitysync.core.internal.exchange.StaleSessionCriteria;
import org.facilitysync.core.internal.controller.StageController;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.session.TransferSessionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SyncService} over the pipeline: each call begins (or resumes) one client transfer session and
 * drives it to cleanup, with the peer connection registered for the engine's stage operations.
 */
public final class EngineSyncService implements SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSyncService.class);

    /** The client's backoff cap while the peer works (Morango's client uses 5 s). */
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

    private final NodeEngine engine;
    private final SyncPipeline pipeline;
    private final String profile;

    /**
     * @param profile the profile this node syncs (Kolibri's is {@code facilitydata})
     */
    public EngineSyncService(NodeEngine engine, SyncPipeline pipeline, String profile) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    @Override
    public TransferResult pull(SyncPeer peer, SyncFilter filter, SyncOptions options) {
        return begin(connection(peer), filter, false, options);
    }

    @Override
    public TransferResult push(SyncPeer peer, SyncFilter filter, SyncOptions options) {
        return begin(connection(peer), filter, true, options);
    }

    @Override
    public TransferResult resume(String transferSessionId, SyncPeer peer, SyncOptions options) {
        TransferSessionRow row = engine.transfers().find(transferSessionId).filter(TransferSessionRow::active)
                .orElseThrow(() -> new NoSuchElementException("no transfer session " + transferSessionId
                        + " in progress on this node to resume"));
        if (row.server()) {
            throw new IllegalArgumentException("transfer session " + transferSessionId
                    + " is served by this node; only its client can resume it");
        }
        TransferController controller = pipeline.controller(transferSessionId).orElseThrow();
        controller.resume();
        return run(connection(peer), controller, row.push(), options);
    }

    @Override
    public List<TransferSummary> sessions() {
        return new TransferSessionListing(engine.database()).newestFirst();
    }

    @Override
    public int cleanup(Duration expiration) {
        return engine.staleSessions().collect(StaleSessionCriteria.olderThan(expiration)).transferSessions();
    }

    private TransferResult begin(PeerConnection peer, SyncFilter filter, boolean push, SyncOptions options) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        String syncSessionId = peer.syncSession(profile, engine.instanceId());
        if (engine.syncSessions().find(syncSessionId).isEmpty()) {
            engine.syncSessions().create(SyncSessionRow.network(syncSessionId, false, profile, peer.description()));
        }
        TransferRequest.Builder request = TransferRequest.builder(syncSessionId, newId()).client().filter(filter)
                .capabilities(TransferServer.negotiated(peer.capabilities()))
                .datasetId(TransferServer.primaryPartition(filter));
        TransferController controller = pipeline.begin((push ? request.push() : request.pull()).build());
        String id = controller.context().transferSessionId();
        Optional<SyncExclusion.Running> running = new SyncExclusion(engine.database())
                .earlier(id, peer.description(), filter, push);
        if (running.isPresent()) {
            return refuse(syncSessionId, id, push, running.get(), peer, filter);
        }
        return run(peer, controller, push, options);
    }

    /** Gives way to a sync of the same peer, facility and direction that runs already: ends this one unstarted. */
    private TransferResult refuse(String syncSessionId, String id, boolean push, SyncExclusion.Running running,
                                  PeerConnection peer, SyncFilter filter) {
        String message = "another " + (push ? "push" : "pull") + " of '" + filter.toString().replace("\n", " ")
                + "' with " + peer.description() + " is running on this node: transfer session "
                + running.transferSessionId() + " (at stage " + running.stage() + ", last active "
                + running.lastActivity() + "); wait for it to end, or if its process is gone resume it with"
                + " sync:resume --id " + running.syncSessionId();
        engine.transfers().update(id, row -> row.withError(message).withState(row.stage(), TransferStatus.ERRORED)
                .deactivated());
        LOG.warn("Transfer {} not started: {}", id, message);
        return new TransferResult(syncSessionId, id, push, TransferStatus.ERRORED, message, SyncStage.INITIALIZING, 0,
                Duration.ZERO, Map.of());
    }

    private TransferResult run(PeerConnection peer, TransferController controller, boolean push, SyncOptions options) {
        SyncContext start = controller.context();
        String id = start.transferSessionId();
        StageController stages = stages(controller);
        // the peer's connection reaches the stage operations through their context, for this run only
        ClientTransfer transfer = new ClientTransfer(peer, options.chunkSize());
        stages.attach(ClientTransfer.class, transfer);
        Map<SyncStage, Duration> stageTimes = new EnumMap<>(SyncStage.class);
        long began = System.nanoTime();
        long deadline = began + options.timeout().toNanos();
        try {
            TransferStatus status = TransferStatus.COMPLETED;
            // One stage at a time, so that each stage's time is measured on its own.
            for (SyncStage stage : SyncStage.values()) {
                if (stage.isBefore(controller.context().stage())) {
                    continue;
                }
                long stageStart = System.nanoTime();
                Duration remaining = Duration.ofNanos(Math.max(1, deadline - stageStart));
                status = controller.proceedToAndWaitFor(stage, remaining, MAX_INTERVAL,
                        context -> options.progress().accept(new SyncProgress(id, push, context.stage(),
                                context.status(), context.recordsTotal(), context.recordsTransferred(),
                                peer.bytesSent(), peer.bytesReceived())));
                stageTimes.put(stage, Duration.ofNanos(System.nanoTime() - stageStart));
                if (status != TransferStatus.COMPLETED) {
                    break;
                }
            }
            SyncContext end = controller.context();
            if (status == TransferStatus.ERRORED) {
                LOG.warn("Transfer {} ({} with {}) failed at stage {}: {}", id, push ? "push" : "pull",
                        peer.description(), end.stage().wireName(), end.error().orElse("no error recorded"));
            }
            return new TransferResult(end.syncSessionId(), id, push, status, end.error().orElse(null), end.stage(),
                    end.recordsTransferred(), Duration.ofNanos(System.nanoTime() - began), stageTimes,
                    UnknownModels.take(end));
        } finally {
            stages.detach(ClientTransfer.class);
            transfer.pipeline().clear();
        }
    }

    private static StageController stages(TransferController controller) {
        if (controller instanceof StageController stages) {
            return stages;
        }
        throw new IllegalStateException("transfer controller " + controller + " was not made by this node's pipeline");
    }

    private static PeerConnection connection(SyncPeer peer) {
        if (peer instanceof PeerConnection connection) {
            return connection;
        }
        throw new IllegalArgumentException("peer " + (peer == null ? null : peer.description())
                + " was not made by this node's sync engine");
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
