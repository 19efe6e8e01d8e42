package org.facilitysync.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SessionAttributes;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link TransferSessionStore} keeps, and the handle the core changes transfer sessions
 * through; {@link InMemoryTransferSessionStoreTest} and {@link JdbcTransferSessionStoreTest} run them.
 */
abstract class TransferSessionStoreContract {

    protected TransferSessionStore store;
    private final TransferRequest request = TransferRequest.builder("sync-1", "transfer-1").server().push()
            .filter(SyncFilter.of("facility-1:user", "facility-1:anon")).capabilities(Set.of("ASYNC_OPERATIONS"))
            .datasetId("facility-1").build();

    /** A new, empty store. */
    protected abstract TransferSessionStore newStore();

    /** Makes sync session {@code id} exist where the store needs one (a JDBC store does). */
    protected void syncSessionExists(String id) {
    }

    @BeforeEach
    void newStoreWithSyncSessions() {
        store = newStore();
        syncSessionExists("sync-1");
        syncSessionExists("sync-2");
    }

    @Test
    void beginStoresTheRequestAtInitializingPending() {
        MutableTransferState state = MutableTransferState.begin(store, request);

        SyncContext context = state.context();
        assertEquals("transfer-1", context.transferSessionId());
        assertEquals("sync-1", context.syncSessionId());
        assertEquals(SyncStage.INITIALIZING, context.stage());
        assertEquals(TransferStatus.PENDING, context.status());
        assertTrue(context.isPush() && context.isServer() && context.isReceiver());
        assertEquals(request.filter(), context.filter());
        assertTrue(context.hasCapability("ASYNC_OPERATIONS"));
        assertEquals(Optional.empty(), context.error());
        assertTrue(state.row().active());
    }

    @Test
    void beginRefusesATransferSessionAlreadyInProgress() {
        MutableTransferState.begin(store, request);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> MutableTransferState.begin(store, request));
        assertTrue(refused.getMessage().contains("transfer-1") && refused.getMessage().contains("in progress"),
                refused.getMessage());
    }

    @Test
    void beginRefusesTheIdOfAnEndedTransferSession() {
        MutableTransferState.begin(store, request).deactivate();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> MutableTransferState.begin(store, request));
        assertTrue(refused.getMessage().contains("not reused"), refused.getMessage());
    }

    @Test
    void stageNeverMovesBackwards() {
        MutableTransferState state = MutableTransferState.begin(store, request);
        state.moveTo(SyncStage.QUEUING, TransferStatus.COMPLETED);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> state.moveTo(SyncStage.SERIALIZING, TransferStatus.PENDING));

        assertEquals("transfer session transfer-1 cannot move back from stage 'queuing' to 'serializing':"
                + " stages only move forwards", refused.getMessage());
        assertEquals(SyncStage.QUEUING, state.row().stage());
        assertEquals(TransferStatus.COMPLETED, state.row().status(), "nothing was written");
    }

    @Test
    void factsFixedAtTheBeginningCannotChange() {
        MutableTransferState.begin(store, request);

        assertThrows(IllegalStateException.class, () -> store.update("transfer-1", row -> new TransferSessionRow(
                row.transferSessionId(), row.syncSessionId(), !row.push(), row.server(), row.filter(),
                row.capabilities(), row.datasetId(), false, false, null, row.stage(), row.status(), null, 0, 0, true)));
    }

    @Test
    void updateOfAnUnknownTransferSessionFails() {
        assertThrows(NoSuchElementException.class, () -> store.update("nope", row -> row));
        assertThrows(NoSuchElementException.class, () -> MutableTransferState.of(store, "nope"));
    }

    @Test
    void failResumeAndRecordCountsAreKept() {
        MutableTransferState state = MutableTransferState.begin(store, request);
        state.moveTo(SyncStage.TRANSFERRING, TransferStatus.PENDING);
        state.setRecordsTotal(500);
        state.addRecordsTransferred(200);

        TransferSessionRow failed = state.fail("stage 'transferring' failed: peer went away");
        assertEquals(TransferStatus.ERRORED, failed.status());
        assertEquals(200, failed.recordsTransferred());

        TransferSessionRow resumed = state.resume();
        assertEquals(TransferStatus.PENDING, resumed.status());
        assertEquals(null, resumed.error());
        assertEquals(SyncStage.TRANSFERRING, resumed.stage());
        assertEquals(500, resumed.recordsTotal());
    }

    @Test
    void viewIsFixedButAttributesAreLive() {
        MutableTransferState state = MutableTransferState.begin(store, request);
        SyncContext view = state.context();

        state.moveTo(SyncStage.SERIALIZING, TransferStatus.PENDING);
        view.attributes().put("org.example:seen", "yes");

        assertEquals(SyncStage.INITIALIZING, view.stage());
        assertEquals(SyncStage.SERIALIZING, state.context().stage());
        assertEquals(Optional.of("yes"), state.context().attributes().get("org.example:seen"));
    }

    @Test
    void attributesBelongToTheSyncSession() {
        MutableTransferState pull = MutableTransferState.begin(store, request);
        MutableTransferState push = MutableTransferState.begin(store,
                TransferRequest.builder("sync-1", "transfer-2").build());
        MutableTransferState other = MutableTransferState.begin(store,
                TransferRequest.builder("sync-2", "transfer-3").build());

        pull.attributes().put("k", "v");

        assertEquals(Optional.of("v"), push.attributes().get("k"));
        assertEquals(Map.of(), other.attributes().asMap());
        pull.attributes().remove("k");
        pull.attributes().remove("absent");
        assertEquals(Map.of(), push.attributes().asMap());
    }

    @Test
    void attributesRejectBlankKeysAndNullValues() {
        SessionAttributes attributes = MutableTransferState.begin(store, request).attributes();

        assertThrows(IllegalArgumentException.class, () -> attributes.put(" ", "v"));
        assertThrows(IllegalArgumentException.class, () -> attributes.put(null, "v"));
        IllegalArgumentException nullValue = assertThrows(IllegalArgumentException.class,
                () -> attributes.put("k", null));
        assertTrue(nullValue.getMessage().contains("'k'") && nullValue.getMessage().contains("sync-1"));
        assertFalse(attributes.get(null).isPresent());
    }
}
