package org.facilitysync.core.internal;

import static org.facilitysync.api.SyncStage.CLEANUP;
import static org.facilitysync.api.SyncStage.QUEUING;
import static org.facilitysync.api.TransferStatus.COMPLETED;
import static org.facilitysync.api.TransferStatus.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.TransferEvent;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.core.internal.session.InMemoryTransferSessionStore;
import org.facilitysync.core.internal.testing.FakePacer;
import org.facilitysync.core.internal.testing.FakeServiceReference;
import org.facilitysync.core.internal.testing.RecordingLogger;
import org.junit.jupiter.api.Test;

/** The DS component as SCR drives it: bind, updated and unbind calls, then begin. */
class WhiteboardSyncPipelineTest {

    private final WhiteboardSyncPipeline pipeline = new WhiteboardSyncPipeline(new InMemoryTransferSessionStore(),
            new FakePacer(), new RecordingLogger().logger());
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @Test
    void snapshotIsKeptForTheWholeTransfer() {
        FakeServiceReference<SyncOperation> engine = bindEveryStage("engine", SyncOperation.ENGINE_PRIORITY);
        TransferController first = pipeline.begin(request("t-1"));
        assertEquals(COMPLETED, first.proceedTo(SyncStage.SERIALIZING));

        // Services change while the first transfer is under way.
        pipeline.bindOperation(named("late", StageResult.PENDING),
                FakeServiceReference.operation(100, "queuing").with(SyncOperation.PRIORITY, 10));
        pipeline.unbindOperation(null, engine);
        pipeline.bindHook(new FacilityDataSyncHook() {
            @Override
            public void postTransfer(TransferEvent event) {
                journal.add("late hook");
            }
        }, FakeServiceReference.service(101));
        journal.clear();

        assertEquals(COMPLETED, first.proceedTo(CLEANUP));
        assertEquals(List.of("engine:queuing", "engine:transferring", "engine:dequeuing", "engine:deserializing",
                "engine:cleanup"), journal);
        assertEquals(1, first.operations(QUEUING).size());

        // The next transfer sees the new pipeline.
        journal.clear();
        TransferController second = pipeline.begin(request("t-2"));
        assertEquals(2, pipeline.operations(QUEUING).size() + pipeline.hooks().size());
        assertEquals(1, second.operations(QUEUING).size());
        second.proceedTo(QUEUING);
        assertTrue(second.context().error().orElseThrow().contains("no operation handles stage 'initializing'"));
        assertEquals(List.of("late hook"), journal);
    }

    @Test
    void beginRefusesATransferSessionAlreadyInProgress() {
        pipeline.begin(request("t-1"));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pipeline.begin(request("t-1")));
        assertTrue(refused.getMessage().contains("t-1"), refused.getMessage());
    }

    @Test
    void operationsAndHooksAreListedForOperators() {
        bindEveryStage("engine", SyncOperation.ENGINE_PRIORITY);
        FakeServiceReference<SyncOperation> plugin = FakeServiceReference.operation(50, "queuing")
                .with(SyncOperation.PRIORITY, "3").from("com.example.extras", "1.0.0");
        SyncOperation op = named("plugin", StageResult.SKIPPED);
        pipeline.bindOperation(op, plugin);

        List<PipelineEntry> queuing = pipeline.operations(QUEUING);
        assertEquals(List.of(50L, 3L), queuing.stream().map(PipelineEntry::serviceId).toList());
        assertEquals("com.example.extras", queuing.get(0).bundleSymbolicName());

        pipeline.updatedOperation(op, plugin.with(SyncOperation.PRIORITY, SyncOperation.ENGINE_PRIORITY));
        assertEquals(List.of(3L, 50L), pipeline.operations(QUEUING).stream().map(PipelineEntry::serviceId).toList(),
                "a tie at the engine priority goes to the lower service.id");

        FacilityDataSyncHook hook = new FacilityDataSyncHook() {
        };
        FakeServiceReference<FacilityDataSyncHook> hookReference = FakeServiceReference.service(60);
        pipeline.bindHook(hook, hookReference);
        pipeline.updatedHook(hook, hookReference.with("service.ranking", 5));
        assertEquals(1, pipeline.hooks().size());
        pipeline.unbindHook(hook, hookReference);
        assertEquals(List.of(), pipeline.hooks());
    }

    @Test
    void pendingStageReturnsPendingThroughTheService() {
        bindEveryStage("engine", SyncOperation.ENGINE_PRIORITY);
        pipeline.bindOperation(named("remote", StageResult.PENDING),
                FakeServiceReference.operation(70, "queuing").with(SyncOperation.PRIORITY, 1));

        assertEquals(PENDING, pipeline.begin(request("t-9")).proceedTo(CLEANUP));
    }

    @Test
    void aLiveTransferIsFoundWithTheSnapshotItBeganWith() {
        bindEveryStage("engine", SyncOperation.ENGINE_PRIORITY);
        TransferController begun = pipeline.begin(request("t-5"));
        pipeline.bindOperation(named("late", StageResult.PENDING),
                FakeServiceReference.operation(80, "queuing").with(SyncOperation.PRIORITY, 10));

        TransferController found = pipeline.controller("t-5").orElseThrow();
        assertSame(begun, found);
        assertEquals(1, found.operations(QUEUING).size());
    }

    @Test
    void anEndedOrUnknownTransferHasNoController() {
        bindEveryStage("engine", SyncOperation.ENGINE_PRIORITY);
        TransferController transfer = pipeline.begin(request("t-6"));
        assertEquals(COMPLETED, transfer.proceedTo(CLEANUP));

        assertTrue(pipeline.controller("t-6").isEmpty(), "a transfer that finished cleanup has ended");
        assertTrue(pipeline.controller("no-such-session").isEmpty());
    }

    @Test
    void aStoredTransferWithoutALiveControllerGetsTheCurrentSnapshot() {
        InMemoryTransferSessionStore store = new InMemoryTransferSessionStore();
        WhiteboardSyncPipeline before = new WhiteboardSyncPipeline(store, new FakePacer(), new RecordingLogger().logger());
        before.begin(request("t-7"));

        // As after a restart: a new pipeline over the same store.
        WhiteboardSyncPipeline after = new WhiteboardSyncPipeline(store, new FakePacer(), new RecordingLogger().logger());
        after.bindOperation(named("engine", StageResult.COMPLETED),
                FakeServiceReference.operation(3, List.of(SyncStage.wireNames().split(", "))));
        TransferController resumed = after.controller("t-7").orElseThrow();
        assertEquals(COMPLETED, resumed.proceedTo(CLEANUP));
        assertEquals("engine:initializing", journal.get(0));
    }

    @Test
    void aHookIsListedWithItsRanking() {
        FacilityDataSyncHook hook = new FacilityDataSyncHook() {
        };
        pipeline.bindHook(hook, FakeServiceReference.<FacilityDataSyncHook>service(61).with("service.ranking", 7));
        assertEquals(7, pipeline.hooks().get(0).priority());
    }

    private FakeServiceReference<SyncOperation> bindEveryStage(String name, int priority) {
        FakeServiceReference<SyncOperation> reference = FakeServiceReference.operation(3, List.of(SyncStage.wireNames()
                .split(", "))).with(SyncOperation.PRIORITY, priority);
        pipeline.bindOperation(named(name, StageResult.COMPLETED), reference);
        return reference;
    }

    private SyncOperation named(String name, StageResult result) {
        return context -> {
            journal.add(name + ":" + context.stage().wireName());
            return result;
        };
    }

    private static TransferRequest request(String transferSessionId) {
        return TransferRequest.builder("sync-1", transferSessionId).build();
    }
}
