package org.facilitysync.core.internal.engine;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.ReceivedChunk;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.session.TransferSessionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a sync on this node: what a peer's client asks for, as calls (Morango's
 * syncsessions/, transfersessions/ and buffers/ endpoints). Each call that names a stage runs this
 * node's stage operations up to it through the pipeline, with the snapshot the transfer began with.
 * The in-process peer calls it directly; the HTTP endpoints of a later issue translate to it.
 */
public final class TransferServer {

    /** The capabilities this node announces and uses. */
    public static final Set<String> CAPABILITIES = Set.of("ASYNC_OPERATIONS", "FSIC_V2_FORMAT", "GZIP_BUFFER_POST");

    private static final Logger LOG = LoggerFactory.getLogger(TransferServer.class);

    private final NodeEngine engine;
    private final SyncPipeline pipeline;

    public TransferServer(NodeEngine engine, SyncPipeline pipeline) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /** Stores the server's side of a sync session a client opened. */
    public void openSyncSession(String syncSessionId, String profile, String clientInstanceId, String connectionPath) {
        Instant now = Instant.now();
        engine.syncSessions().create(new SyncSessionRow(syncSessionId, now, now, true, true, null, null, profile,
                "network", connectionPath, "", "", clientInstanceId, "{}", engine.instanceId(), "{}", null));
    }

    /**
     * Stores the server's side of a sync session a client opened over the network, after the
     * handshake verified both certificates (Morango's {@code SyncSession(is_server=True, ...)}).
     *
     * @param clientInstanceJson the client's instance row as it sent it (a JSON string)
     * @param serverInstanceJson this node's instance row as answered (a JSON string)
     * @throws IllegalStateException when a sync session with that id is stored already
     */
    public void openSyncSession(String syncSessionId, String profile, String clientCertificateId,
            String serverCertificateId, String clientInstanceId, String clientInstanceJson, String serverInstanceJson,
            String connectionPath, String clientIp, String serverIp) {
        Instant now = Instant.now();
        engine.syncSessions().create(new SyncSessionRow(syncSessionId, now, now, true, true, clientCertificateId,
                serverCertificateId, profile, "network", connectionPath, clientIp == null ? "" : clientIp,
                serverIp == null ? "" : serverIp, clientInstanceId, clientInstanceJson, engine.instanceId(),
                serverInstanceJson, null));
    }

    /** The stored sync session, active or not. */
    public Optional<SyncSessionRow> syncSession(String syncSessionId) {
        return engine.syncSessions().find(syncSessionId);
    }

    /**
     * Takes the byte counts a client reports (Morango's PATCH writes {@code bytes_sent} and
     * {@code bytes_received} as given; they are informational).
     */
    public void recordByteCounts(String transferSessionId, Long bytesSent, Long bytesReceived) {
        if (bytesSent == null && bytesReceived == null) {
            return;
        }
        engine.database().inTransaction(tx -> tx.update("UPDATE morango_transfersession SET"
                + " bytes_sent = COALESCE(?, bytes_sent), bytes_received = COALESCE(?, bytes_received) WHERE id = ?",
                bytesSent, bytesReceived, transferSessionId));
    }

    /** What this node would refuse of a pushed chunk, nothing stored (see {@code BufferChunkReceiver#check}). */
    public List<org.facilitysync.core.internal.exchange.RecordRejection> checkBuffers(String transferSessionId,
            List<BufferRecord> records) {
        activeRow(transferSessionId);
        return engine.chunksIn().check(transferSessionId, records);
    }

    /** The node's instance id. */
    public String instanceId() {
        return engine.instanceId();
    }

    /** The node's database (for the network endpoints' read-only views of sessions). */
    public org.facilitysync.core.internal.storage.Database database() {
        return engine.database();
    }

    /** Ends a sync session (Morango keeps the row, inactive). */
    public void closeSyncSession(String syncSessionId) {
        engine.syncSessions().deactivate(syncSessionId);
    }

    /**
     * Creates the server's side of a transfer session and runs its initializing stage.
     *
     * @throws IllegalArgumentException when the sync session is unknown or inactive
     * @throws IllegalStateException when the transfer session exists already
     */
    public RemoteTransferSession createTransferSession(String transferSessionId, String syncSessionId,
            SyncFilter filter, boolean push, Set<String> clientCapabilities) {
        if (engine.syncSessions().findActive(syncSessionId).isEmpty()) {
            throw new IllegalArgumentException("no active sync session " + syncSessionId + " on this node");
        }
        TransferRequest.Builder request = TransferRequest.builder(syncSessionId, transferSessionId)
                .server().filter(filter).capabilities(negotiated(clientCapabilities))
                .datasetId(primaryPartition(filter));
        TransferController controller = pipeline.begin((push ? request.push() : request.pull()).build());
        controller.proceedTo(SyncStage.INITIALIZING);
        return describe(transferSessionId);
    }

    /** The transfer session, while it is active. */
    public Optional<RemoteTransferSession> transferSession(String transferSessionId) {
        return engine.transfers().find(transferSessionId).filter(TransferSessionRow::active)
                .map(row -> describe(transferSessionId));
    }

    /**
     * A client polls a stage it asked for (Morango's {@code GET transfersessions/{id}/}): a stage of this
     * node that is PENDING gets another turn of its operations, as every poll through the in-process
     * peer gives it. Morango's client PATCHes a stage once and then only GETs, so without this turn a
     * stage whose background job will never run (its node was restarted, or the extras were switched
     * off) would stay PENDING until the client's timeout. The turn does not wait for a step another
     * thread is in (a running job), and it never fails the poll: a failing operation leaves the stage
     * ERRORED, which the answer shows.
     */
    public void poll(String transferSessionId) {
        Optional<TransferSessionRow> row = engine.transfers().find(transferSessionId).filter(TransferSessionRow::active);
        // TRANSFERRING moves with the buffer requests, not with polls.
        if (row.isEmpty() || row.get().status() != TransferStatus.PENDING || row.get().stage() == SyncStage.TRANSFERRING) {
            return;
        }
        try {
            pipeline.controller(transferSessionId).ifPresent(controller -> controller.proceedTo(row.get().stage()));
        } catch (RuntimeException e) {
            LOG.warn("Poll of transfer session {} at stage '{}' could not give the stage another turn: {}",
                    transferSessionId, row.get().stage().wireName(), e.toString());
        }
    }

    /** Takes the client's fields, then runs this node's stages up to the one asked for. */
    public RemoteTransferSession updateTransferSession(String transferSessionId, TransferSessionUpdate update) {
        TransferController controller = controller(transferSessionId);
        MutableTransferState state = MutableTransferState.of(engine.transfers(), transferSessionId);
        // A client polling a stage sends its FSIC with every poll; writing it again would wait for any
        // transaction a background job holds on this database (serialization), so only a change is written.
        if (update.clientFsic() != null
                && !update.clientFsic().equals(engine.sessionFsics().fsics(transferSessionId).clientFsic())) {
            engine.sessionFsics().setClientFsic(transferSessionId, update.clientFsic());
        }
        if (update.recordsTotal() != null) {
            state.setRecordsTotal(update.recordsTotal());
        }
        if (update.recordsTransferred() != null) {
            state.setRecordsTransferred(update.recordsTransferred());
        }
        if (update.stage() != null) {
            controller.proceedTo(update.stage());
        }
        return describe(transferSessionId);
    }

    /** A chunk of this node's buffer for a pull it produces. */
    public List<BufferRecord> buffers(String transferSessionId, long offset, int limit) {
        TransferSessionRow row = activeRow(transferSessionId);
        if (row.push()) {
            throw new IllegalArgumentException("transfer session " + transferSessionId + " is a push; its buffer is not"
                    + " served to the client");
        }
        return engine.chunksOut().read(transferSessionId, offset, limit);
    }

    /** Takes a chunk of a push this node receives, then runs its transferring stage. */
    public ReceivedChunk receiveBuffers(String transferSessionId, List<BufferRecord> records, long bytesSent,
            long bytesReceived) {
        TransferSessionRow row = activeRow(transferSessionId);
        if (!row.push()) {
            throw new IllegalArgumentException("transfer session " + transferSessionId + " is a pull; records cannot be"
                    + " sent to it");
        }
        ReceivedChunk received = engine.chunksIn().receive(transferSessionId, records, bytesSent, bytesReceived);
        controller(transferSessionId).proceedTo(SyncStage.TRANSFERRING);
        return received;
    }

    /**
     * Takes a chunk of a push only if every record is acceptable (a network endpoint's "all or nothing"),
     * then runs its transferring stage; when any is refused, nothing is stored or counted, the stage does
     * not run, and the result names the refusals.
     */
    public ReceivedChunk receiveBuffersAllOrNothing(String transferSessionId, List<BufferRecord> records,
            long bytesSent, long bytesReceived) {
        TransferSessionRow row = activeRow(transferSessionId);
        if (!row.push()) {
            throw new IllegalArgumentException("transfer session " + transferSessionId + " is a pull; records cannot be"
                    + " sent to it");
        }
        ReceivedChunk received = engine.chunksIn().receiveAllOrNothing(transferSessionId, records, bytesSent,
                bytesReceived);
        if (received.rejected().isEmpty()) {
            controller(transferSessionId).proceedTo(SyncStage.TRANSFERRING);
        }
        return received;
    }

    /**
     * Runs cleanup; the transfer session ends. Asking again for a transfer session that has already
     * ended is no error: a client that died (or lost the answer) after the first request repeats it
     * when it resumes, and must be able to finish.
     */
    public void deleteTransferSession(String transferSessionId) {
        Optional<TransferSessionRow> row = engine.transfers().find(transferSessionId);
        if (row.isPresent() && !row.get().active()) {
            return;
        }
        // A push given up before all its records arrived must not be dequeued: a partial chunk set merged
        // with the client's FSIC would claim records this node never received.
        boolean abandonedPush = row.isPresent() && row.get().push() && !row.get().stage().isAfter(SyncStage.TRANSFERRING);
        if (!abandonedPush) {
            controller(transferSessionId).proceedTo(SyncStage.CLEANUP);
        }
        // The client ends the transfer here whatever stage it reached (a pull left half-way waits in
        // transferring for pages that will never be asked for): a session that could not reach cleanup is
        // closed now. One in cleanup already (a background job's turn) is left to finish it.
        if (engine.transfers().find(transferSessionId)
                .filter(r -> r.active() && r.stage().isBefore(SyncStage.CLEANUP)).isPresent()) {
            engine.transfers().update(transferSessionId, TransferSessionRow::deactivated);
            int dropped = engine.cleanup().deleteBuffers(transferSessionId);
            LOG.info("Transfer session {} closed by its client before it ended; {} buffered records dropped",
                    transferSessionId, dropped);
        }
    }

    /** The transfer session as a client is shown it, active or not; empty when it is not stored. */
    public Optional<ServedTransferSession> served(String transferSessionId) {
        return new ServedTransferSessions(engine.database()).find(transferSessionId);
    }

    /**
     * How many records a pull's buffer holds, a page's {@code count}. Counting runs over the whole buffer,
     * so counting for every page made a pull quadratic (3-4 ms per page at 100,000 records). A producer's
     * buffer is written only by its queuing stage, which stores its size as the session's
     * {@code records_total} in the same transaction, and emptied by cleanup (or the stale session
     * collector, which also ends the session); stages only move forward. So once the session has reached
     * transferring, the count is the stored total, which every node of a hub tier reads alike.
     */
    public long bufferCount(ServedTransferSession session) {
        if (session.stage() == SyncStage.TRANSFERRING && session.recordsTotal() != null) {
            return session.recordsTotal();
        }
        return new ServedTransferSessions(engine.database()).bufferCount(session.id());
    }

    private TransferController controller(String transferSessionId) {
        return pipeline.controller(transferSessionId).orElseThrow(() -> new IllegalArgumentException(
                "no active transfer session " + transferSessionId + " on this node"));
    }

    private TransferSessionRow activeRow(String transferSessionId) {
        return engine.transfers().find(transferSessionId).filter(TransferSessionRow::active)
                .orElseThrow(() -> new IllegalArgumentException("no active transfer session " + transferSessionId
                        + " on this node"));
    }

    private RemoteTransferSession describe(String transferSessionId) {
        TransferSessionRow row = engine.transfers().find(transferSessionId).orElseThrow();
        return new RemoteTransferSession(row.transferSessionId(), row.stage(), row.status(), row.recordsTotal(),
                row.recordsTransferred(), engine.sessionFsics().fsics(transferSessionId).serverFsic(), row.active(),
                row.error());
    }

    /** The capabilities both this node and a peer announcing {@code peerCapabilities} have. */
    public static Set<String> negotiated(Set<String> peerCapabilities) {
        Set<String> both = new HashSet<>(CAPABILITIES);
        both.retainAll(peerCapabilities);
        return both;
    }

    /** The dataset a filter belongs to: the first 32 characters of its first partition (Morango's lock key). */
    static String primaryPartition(SyncFilter filter) {
        String first = filter.partitions().get(0);
        return first.length() > 32 ? first.substring(0, 32) : first;
    }
}
