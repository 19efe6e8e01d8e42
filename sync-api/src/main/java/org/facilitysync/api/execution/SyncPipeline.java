package org.facilitysync.api.execution;

import java.util.List;
import java.util.Optional;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The whiteboard of {@link SyncOperation} and {@link FacilityDataSyncHook} services, and the place
 * where transfer sessions begin. Registered by the core as an OSGi service.
 *
 * <p>Safe for concurrent use. Reads see an immutable snapshot of the whiteboard; services that come,
 * go or change their properties produce a new snapshot for transfer sessions begun afterwards.
 */
@ProviderType
public interface SyncPipeline {

    /** The operations registered for {@code stage}, in the order they are asked; empty when none. */
    List<PipelineEntry> operations(SyncStage stage);

    /** The registered hooks, in the order they are called. */
    List<PipelineEntry> hooks();

    /**
     * Begins a transfer session with the current snapshot of operations and hooks, at stage
     * {@link SyncStage#INITIALIZING}, status {@link TransferStatus#PENDING}. Nothing runs until the
     * returned controller is asked to proceed.
     *
     * @throws IllegalStateException when a transfer session with that id is already in progress
     */
    TransferController begin(TransferRequest request);

    /**
     * The controller of a transfer session that is still in progress: the one it began with when it is
     * still live on this node (so it keeps its snapshot), otherwise a new one over the stored session
     * with the current snapshot, for example after a restart. This is how a server answers later
     * requests for a transfer session, and how a client resumes one.
     *
     * @return empty when no transfer session with that id is stored, or it has ended
     */
    Optional<TransferController> controller(String transferSessionId);
}
