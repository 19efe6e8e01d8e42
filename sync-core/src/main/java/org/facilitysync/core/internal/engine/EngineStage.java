package org.facilitysync.core.internal.engine;

import java.util.Objects;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.OncePerStageOperation;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.exchange.FsicFormat;
import org.facilitysync.core.internal.fsic.FsicSide;
import org.facilitysync.core.internal.exchange.FsicQuery;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.session.TransferSessionStore;

/**
 * What the engine's stage operations share: the role split, this node's half done once per
 * (transfer session, stage), and waiting for the peer's half.
 *
 * <p>This node's half is remembered in the session attributes only after it returned, so a crash in
 * the middle repeats it on resume; every half is written so that repeating it is harmless (queuing
 * replaces the buffer, a second dequeue finds nothing, serialization finds nothing dirty).
 */
public abstract class EngineStage implements SyncOperation {

    private final SyncStage stage;
    private final LocalHalf localHalf = new LocalHalf();

    EngineStage(SyncStage stage) {
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /** The stage this operation runs. */
    public final SyncStage stage() {
        return stage;
    }

    @Override
    public final StageResult handle(SyncContext context) throws Exception {
        if (context.stage() != stage) {
            return StageResult.SKIPPED;
        }
        if (context.isServer()) {
            return server(context);
        }
        localHalf.handle(context);
        return client(context);
    }

    /**
     * This node's half as the client, done once per (transfer session, stage) by the API's once-per-stage
     * mechanism: remembered only after {@link #local} returned, so a crash in the middle repeats it.
     */
    private final class LocalHalf extends OncePerStageOperation {
        @Override
        protected StageResult handleInitial(SyncContext context) throws Exception {
            local(context);
            return StageResult.COMPLETED;
        }

        @Override
        protected String historyName() {
            return "engine";
        }

        void forget(SyncContext context) {
            forgetHistory(context);
        }
    }

    /**
     * Removes the transfer's done markers once it is over, so that the sync session's attributes do not
     * grow by one row per stage for every transfer it ever ran. Safe at any point of the last step: a
     * resume after a crash only repeats halves that are harmless to repeat. Every stage's markers have the
     * same history name, so one stage forgets them all.
     */
    protected final void forgetDoneMarkers(SyncContext context) {
        localHalf.forget(context);
    }

    /** This node's half of the stage as the server; by default the client-side local half. */
    protected StageResult server(SyncContext context) throws Exception {
        local(context);
        return StageResult.COMPLETED;
    }

    /** This node's half of the stage, done once per transfer session. */
    protected abstract void local(SyncContext context) throws Exception;

    /** The client's part after its local half: usually asking the peer to do its half. */
    protected StageResult client(SyncContext context) throws Exception {
        return peerCompleted(context, peer(context).updateTransferSession(context.transferSessionId(),
                TransferSessionUpdate.proceedTo(stage)));
    }

    /** COMPLETED once the peer has completed this stage, PENDING while it works, an error when it failed. */
    protected final StageResult peerCompleted(SyncContext context, RemoteTransferSession remote) {
        if (remote.status() == TransferStatus.ERRORED) {
            throw new PeerException("the peer's transfer session " + context.transferSessionId() + " errored at stage '"
                    + remote.stage().wireName() + "': " + (remote.error() == null ? "no error given" : remote.error()));
        }
        return remote.hasCompleted(stage) ? StageResult.COMPLETED : StageResult.PENDING;
    }

    protected final PeerConnection peer(SyncContext context) {
        return ClientTransfer.of(context).peer();
    }

    protected final int chunkSize(SyncContext context) {
        return ClientTransfer.of(context).chunkSize();
    }

    /** The transfer session of {@code context}, to change. */
    protected static MutableTransferState state(TransferSessionStore transfers, SyncContext context) {
        return MutableTransferState.of(transfers, context.transferSessionId());
    }

    /** The profile the transfer of {@code context} syncs. */
    protected static String profile(SyncSessionStore syncSessions, SyncContext context) {
        return syncSessions.profileOf(context.syncSessionId());
    }

    /** This node's FSIC for the transfer, in the format both sides support. */
    protected static String ownFsic(FsicQuery fsics, SyncContext context) {
        return fsics.wireText(context.filter(), context.isProducer() ? FsicSide.PRODUCER : FsicSide.RECEIVER,
                FsicFormat.of(context.capabilities()));
    }
}
