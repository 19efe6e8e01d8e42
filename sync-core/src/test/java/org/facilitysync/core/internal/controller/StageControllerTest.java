package org.facilitysync.core.internal.controller;

import static org.facilitysync.api.SyncStage.CLEANUP;
import static org.facilitysync.api.SyncStage.DEQUEUING;
import static org.facilitysync.api.SyncStage.DESERIALIZING;
import static org.facilitysync.api.SyncStage.INITIALIZING;
import static org.facilitysync.api.SyncStage.QUEUING;
import static org.facilitysync.api.SyncStage.SERIALIZING;
import static org.facilitysync.api.SyncStage.TRANSFERRING;
import static org.facilitysync.api.TransferStatus.COMPLETED;
import static org.facilitysync.api.TransferStatus.ERRORED;
import static org.facilitysync.api.TransferStatus.PENDING;
import static org.facilitysync.api.TransferStatus.STARTED;
import static org.facilitysync.core.internal.testing.FakePacer.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.OncePerStageOperation;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferEvent;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.pipeline.Whiteboard;
import org.facilitysync.core.internal.session.InMemoryTransferSessionStore;
import org.facilitysync.core.internal.session.MutableTransferState;
import org.facilitysync.core.internal.testing.FakePacer;
import org.facilitysync.core.internal.testing.FakeServiceReference;
import org.facilitysync.core.internal.testing.RecordingLogger;
import org.junit.jupiter.api.Test;

/** One test per rule of the controller contract (Morango's SessionController, plus deadline and hooks). */
class StageControllerTest {

    private static final TransferRequest REQUEST = TransferRequest.builder("sync-1", "transfer-1").push()
            .datasetId("facility-1").singleUser(false, true, "user-7").build();
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final InMemoryTransferSessionStore store = new InMemoryTransferSessionStore();
    private final Whiteboard whiteboard = new Whiteboard(new RecordingLogger().logger());
    private final RecordingLogger controllerLog = new RecordingLogger();
    private final FakePacer pacer = new FakePacer();
    /** What ran, in order: "name:stage" for operations, "pre"/"post:outcome" for hooks. */
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private long nextServiceId = 1;

    // ---- proceedTo

    @Test
    void passedTargetReturnsCompletedWithoutInvoking() {
        engineCompletesEveryStage();
        StageController controller = begin();
        assertEquals(COMPLETED, controller.proceedTo(QUEUING));
        journal.clear();

        assertEquals(COMPLETED, controller.proceedTo(SERIALIZING));
        assertEquals(COMPLETED, controller.proceedTo(INITIALIZING));
        assertEquals(List.of(), journal);
        assertEquals(QUEUING, controller.context().stage());
    }

    @Test
    void startedStatusInvokesNothing() {
        engineCompletesEveryStage();
        register("job", QUEUING, 10, StageResult.STARTED);
        StageController controller = begin();
        assertEquals(STARTED, controller.proceedTo(CLEANUP));
        journal.clear();

        assertEquals(STARTED, controller.proceedTo(CLEANUP));
        assertEquals(STARTED, controller.proceedTo(QUEUING));
        assertEquals(List.of(), journal);
        assertState(controller, QUEUING, STARTED);
    }

    @Test
    void erroredStatusIsStickyAndInvokesNothing() {
        engineCompletesEveryStage();
        register("broken", QUEUING, 10, context -> {
            throw new IllegalStateException("boom");
        });
        StageController controller = begin();
        assertEquals(ERRORED, controller.proceedTo(CLEANUP));
        String error = controller.context().error().orElseThrow();
        journal.clear();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));
        assertEquals(ERRORED, controller.proceedTo(QUEUING));
        assertEquals(List.of(), journal);
        assertState(controller, QUEUING, ERRORED);
        assertEquals(error, controller.context().error().orElseThrow());
    }

    @Test
    void laterStagesRunInOrderUpToTarget() {
        engineCompletesEveryStage();
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedTo(DEQUEUING));

        assertEquals(List.of("engine:initializing", "engine:serializing", "engine:queuing", "engine:transferring",
                "engine:dequeuing"), journal);
        assertState(controller, DEQUEUING, COMPLETED);
    }

    @Test
    void pendingCurrentStageIsInvokedAgain() {
        engineCompletesEveryStage();
        register("chunks", TRANSFERRING, 10, StageResult.PENDING, StageResult.PENDING, StageResult.COMPLETED);
        StageController controller = begin();
        assertEquals(PENDING, controller.proceedTo(TRANSFERRING));
        journal.clear();

        assertEquals(PENDING, controller.proceedTo(TRANSFERRING));
        assertEquals(COMPLETED, controller.proceedTo(TRANSFERRING));

        assertEquals(List.of("chunks:transferring", "chunks:transferring"), journal);
    }

    @Test
    void completedCurrentStageIsNotInvokedAgain() {
        engineCompletesEveryStage();
        StageController controller = begin();
        assertEquals(COMPLETED, controller.proceedTo(QUEUING));
        journal.clear();

        assertEquals(COMPLETED, controller.proceedTo(QUEUING));
        assertEquals(List.of(), journal);
        assertEquals(COMPLETED, controller.proceedTo(TRANSFERRING));
        assertEquals(List.of("engine:transferring"), journal);
    }

    @Test
    void stopsAtFirstResultThatIsNotCompleted() {
        engineCompletesEveryStage();
        register("slow", SERIALIZING, 10, StageResult.PENDING);
        StageController controller = begin();

        assertEquals(PENDING, controller.proceedTo(CLEANUP));

        assertEquals(List.of("engine:initializing", "slow:serializing"), journal);
        assertState(controller, SERIALIZING, PENDING);
    }

    @Test
    void unhandledStageErrorsWithMessageNamingStage() {
        for (SyncStage stage : SyncStage.values()) {
            if (stage != QUEUING) {
                register("engine", stage, SyncOperation.ENGINE_PRIORITY, StageResult.COMPLETED);
            }
        }
        register("sideEffect", QUEUING, 5, StageResult.SKIPPED);
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));

        assertState(controller, QUEUING, ERRORED);
        String error = controller.context().error().orElseThrow();
        assertTrue(error.startsWith("no operation handles stage 'queuing'"), error);
        assertTrue(error.contains("transfer-1"), error);
        assertEquals(List.of("engine:initializing", "engine:serializing", "sideEffect:queuing"), journal);
    }

    @Test
    void operationExceptionErrorsStageAndKeepsError() {
        engineCompletesEveryStage();
        register("disk", QUEUING, 10, context -> {
            throw new IOException("disk full");
        });
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));

        assertState(controller, QUEUING, ERRORED);
        String error = controller.context().error().orElseThrow();
        assertTrue(error.contains("stage 'queuing'"), error);
        assertTrue(error.contains(Scripted.class.getName()), error);
        assertTrue(error.contains("java.io.IOException: disk full"), error);
        RecordingLogger.Line logged = controllerLog.at("error").get(0);
        assertTrue(logged.message().contains(Scripted.class.getName()), logged.message());
        assertTrue(logged.message().contains("bundle com.example.plugin 1.2.3"), logged.message());
        assertTrue(logged.thrown() instanceof IOException, "the stack trace is logged");
    }

    @Test
    void operationLinkageErrorErrorsStageInsteadOfKillingTheThread() {
        engineCompletesEveryStage();
        register("gone", QUEUING, 10, context -> {
            throw new NoClassDefFoundError("com/example/plugin/Helper");
        });
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));
        assertTrue(controller.context().error().orElseThrow().contains("NoClassDefFoundError"));
    }

    @Test
    void nullResultErrorsStage() {
        engineCompletesEveryStage();
        register("sloppy", QUEUING, 10, context -> null);
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));

        String error = controller.context().error().orElseThrow();
        assertTrue(error.contains("stage 'queuing'") && error.contains("returned null"), error);
        assertTrue(error.contains("StageResult.SKIPPED"), error);
        assertEquals(List.of("engine:initializing", "engine:serializing", "sloppy:queuing"), journal);
    }

    @Test
    void erroredResultKeepsAnErrorNamingTheOperation() {
        engineCompletesEveryStage();
        register("quiet", QUEUING, 10, StageResult.ERRORED);
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));
        assertTrue(controller.context().error().orElseThrow().contains(Scripted.class.getName()));
    }

    @Test
    void skipPassesToNextOperation() {
        engineCompletesEveryStage();
        register("audit", QUEUING, 10, StageResult.SKIPPED);
        register("plugin", QUEUING, 5, StageResult.SKIPPED);
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedTo(QUEUING));

        assertEquals(List.of("engine:initializing", "engine:serializing", "audit:queuing", "plugin:queuing",
                "engine:queuing"), journal);
    }

    @Test
    void higherPriorityRunsFirstAndItsResultWins() {
        engineCompletesEveryStage();
        register("low", QUEUING, 1, StageResult.COMPLETED);
        register("high", QUEUING, 50, StageResult.PENDING);
        StageController controller = begin();

        assertEquals(PENDING, controller.proceedTo(QUEUING));
        assertEquals(List.of("engine:initializing", "engine:serializing", "high:queuing"), journal);
    }

    @Test
    void operationThatMovedTheStageItselfTakesPrecedence() {
        engineCompletesEveryStage();
        // A legacy-style initialization that does serializing and queuing itself.
        register("legacy", SERIALIZING, 10, context -> {
            MutableTransferState.of(store, context.transferSessionId()).moveTo(QUEUING, COMPLETED);
            return StageResult.PENDING;
        });
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedTo(TRANSFERRING));
        assertEquals(List.of("engine:initializing", "legacy:serializing", "engine:transferring"), journal);
    }

    // ---- proceedToAndWaitFor

    @Test
    void waitBacksOffWhenNoProgress() {
        engineCompletesEveryStage();
        StageResult[] results = new StageResult[8];
        Arrays.fill(results, StageResult.PENDING);
        results[7] = StageResult.COMPLETED;
        register("remote", QUEUING, 10, results);
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedToAndWaitFor(QUEUING, AN_HOUR, Duration.ofSeconds(5)));

        // The first step progressed (initializing to queuing); the six after it did not.
        assertEquals(seconds(0.3, 0.9, 2.1, 4.5, 5, 5), pacer.sleeps());
    }

    @Test
    void waitNeverSleepsAfterProgress() {
        engineCompletesEveryStage();
        register("chunks", TRANSFERRING, 10, context -> {
            MutableTransferState transfer = MutableTransferState.of(store, context.transferSessionId());
            long sent = transfer.addRecordsTransferred(100).recordsTransferred();
            return sent < 1_000 ? StageResult.PENDING : StageResult.COMPLETED;
        });
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedToAndWaitFor(CLEANUP, AN_HOUR));

        assertEquals(List.of(), pacer.sleeps());
        assertEquals(1_000, controller.context().recordsTransferred());
        assertState(controller, CLEANUP, COMPLETED);
    }

    @Test
    void waitReportsEveryStepAndSurvivesAFailingCallback() {
        engineCompletesEveryStage();
        register("chunks", TRANSFERRING, 10, context -> {
            MutableTransferState transfer = MutableTransferState.of(store, context.transferSessionId());
            long sent = transfer.addRecordsTransferred(250).recordsTransferred();
            return sent < 1_000 ? StageResult.PENDING : StageResult.COMPLETED;
        });
        StageController controller = begin();
        List<Long> reported = new ArrayList<>();

        assertEquals(COMPLETED, controller.proceedToAndWaitFor(CLEANUP, AN_HOUR, Duration.ofSeconds(1), context -> {
            reported.add(context.recordsTransferred());
            throw new IllegalStateException("a progress display that breaks must not break the sync");
        }));

        assertEquals(List.of(250L, 500L, 750L, 1_000L), reported);
    }

    @Test
    void waitStopsAtDeadlineWithError() {
        engineCompletesEveryStage();
        register("job", QUEUING, 10, StageResult.STARTED);
        recordHook();
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedToAndWaitFor(DEQUEUING, Duration.ofSeconds(3), Duration.ofSeconds(1)));

        // The last pause is cut to the deadline rather than oversleeping it.
        assertEquals(seconds(0.3, 0.9, 1, 0.8), pacer.sleeps());
        assertState(controller, QUEUING, ERRORED);
        String error = controller.context().error().orElseThrow();
        assertTrue(error.contains("timed out after 3 s waiting for stage 'dequeuing'"), error);
        assertTrue(error.contains("stage 'queuing' with status 'started'"), error);
        assertEquals("post:ERRORED", journal.get(journal.size() - 1));
    }

    @Test
    void waitReturnsErroredAtOnceWhenAStageFails() {
        engineCompletesEveryStage();
        register("broken", SERIALIZING, 10, context -> {
            throw new IllegalStateException("no certificate");
        });
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedToAndWaitFor(CLEANUP, AN_HOUR));
        assertEquals(List.of(), pacer.sleeps());
    }

    @Test
    void waitInterruptedErrorsTheSessionAndKeepsTheInterrupt() {
        engineCompletesEveryStage();
        register("job", QUEUING, 10, StageResult.STARTED);
        Pacer interrupting = new Pacer() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        StageController controller = new StageController(whiteboard.snapshot(),
                MutableTransferState.begin(store, REQUEST), interrupting, controllerLog.logger());

        try {
            assertEquals(ERRORED, controller.proceedToAndWaitFor(CLEANUP, AN_HOUR));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertTrue(controller.context().error().orElseThrow().startsWith("interrupted while waiting for stage 'cleanup'"));
    }

    // ---- hooks

    @Test
    void preTransferOnceAfterInitializing() {
        engineCompletesEveryStage();
        List<TransferEvent> events = recordHook();
        StageController controller = begin();

        controller.proceedTo(INITIALIZING);
        controller.proceedTo(SERIALIZING);
        controller.proceedTo(DESERIALIZING);

        assertEquals(List.of("engine:initializing", "pre", "engine:serializing", "engine:queuing",
                "engine:transferring", "engine:dequeuing", "engine:deserializing"), journal);
        TransferEvent pre = events.get(0);
        assertEquals("facility-1", pre.datasetId());
        assertFalse(pre.localSingleUser());
        assertTrue(pre.remoteSingleUser());
        assertEquals("user-7", pre.singleUserId());
        assertNull(pre.outcome());
        assertEquals(INITIALIZING, pre.context().stage());
        assertEquals(COMPLETED, pre.context().status());
        assertEquals("transfer-1", pre.context().transferSessionId());
    }

    @Test
    void preTransferOnFirstStepWhenSessionIsAlreadyPastInitializing() {
        engineCompletesEveryStage();
        recordHook();
        MutableTransferState resumed = MutableTransferState.begin(store, REQUEST);
        resumed.moveTo(QUEUING, PENDING);
        StageController controller = new StageController(whiteboard.snapshot(), resumed, pacer, controllerLog.logger());

        controller.proceedTo(TRANSFERRING);

        assertEquals(List.of("pre", "engine:queuing", "engine:transferring"), journal);
    }

    @Test
    void noPreTransferWhenInitializingFails() {
        register("init", INITIALIZING, 10, context -> {
            throw new IllegalStateException("peer refused");
        });
        recordHook();

        assertEquals(ERRORED, begin().proceedTo(CLEANUP));

        assertEquals(List.of("init:initializing", "post:ERRORED"), journal);
    }

    @Test
    void postTransferAfterCleanup() {
        engineCompletesEveryStage();
        List<TransferEvent> events = recordHook();
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedTo(CLEANUP));
        assertEquals(COMPLETED, controller.proceedTo(CLEANUP));

        assertEquals(List.of("pre", "post:COMPLETED"),
                journal.stream().filter(line -> !line.startsWith("engine")).toList());
        assertEquals("post:COMPLETED", journal.get(journal.size() - 1));
        TransferEvent post = events.get(1);
        assertTrue(post.succeeded());
        assertEquals(CLEANUP, post.context().stage());
        assertFalse(store.find("transfer-1").orElseThrow().active(), "cleanup ends the transfer session");
    }

    @Test
    void postTransferWhenTransferFails() {
        engineCompletesEveryStage();
        register("merge", DEQUEUING, 10, context -> {
            throw new IllegalStateException("conflict");
        });
        List<TransferEvent> events = recordHook();
        StageController controller = begin();

        assertEquals(ERRORED, controller.proceedTo(CLEANUP));
        assertEquals(ERRORED, controller.proceedTo(CLEANUP));

        assertEquals(List.of("pre", "post:ERRORED"),
                journal.stream().filter(line -> line.startsWith("p")).toList());
        TransferEvent post = events.get(1);
        assertEquals(ERRORED, post.outcome());
        assertTrue(post.context().error().orElseThrow().contains("conflict"));
        assertTrue(store.find("transfer-1").orElseThrow().active(), "a failed transfer stays resumable");
    }

    @Test
    void hookExceptionDoesNotChangeOutcome() {
        engineCompletesEveryStage();
        addHook(1, new FacilityDataSyncHook() {
            @Override
            public void preTransfer(TransferEvent event) {
                throw new IllegalStateException("pre failed");
            }

            @Override
            public void postTransfer(TransferEvent event) {
                throw new NoClassDefFoundError("com/example/Gone");
            }
        });
        recordHook();
        StageController controller = begin();

        assertEquals(COMPLETED, controller.proceedTo(CLEANUP));

        assertState(controller, CLEANUP, COMPLETED);
        assertTrue(controller.context().error().isEmpty());
        assertTrue(journal.contains("pre") && journal.contains("post:COMPLETED"), "later hooks still run");
        List<RecordingLogger.Line> warnings = controllerLog.at("warn");
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).message().contains("bundle com.example.plugin"), warnings.get(0).message());
        assertTrue(warnings.get(0).message().contains("preTransfer"), warnings.get(0).message());
        assertTrue(warnings.get(1).thrown() instanceof NoClassDefFoundError);
    }

    // ---- resume, once-per-stage

    @Test
    void resumeResetsErroredToPending() {
        engineCompletesEveryStage();
        AtomicInteger attempts = new AtomicInteger();
        register("flaky", TRANSFERRING, 10, context -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("connection reset");
            }
            return StageResult.COMPLETED;
        });
        recordHook();
        StageController controller = begin();
        assertEquals(ERRORED, controller.proceedTo(CLEANUP));

        controller.resume();

        assertState(controller, TRANSFERRING, PENDING);
        assertTrue(controller.context().error().isEmpty());
        assertEquals(COMPLETED, controller.proceedTo(CLEANUP));
        assertEquals(2, attempts.get());
        assertEquals(List.of("pre", "post:ERRORED", "post:COMPLETED"),
                journal.stream().filter(line -> line.startsWith("p")).toList());
    }

    @Test
    void resumeDoesNothingUnlessErrored() {
        engineCompletesEveryStage();
        register("job", QUEUING, 10, StageResult.STARTED);
        StageController controller = begin();
        controller.proceedTo(QUEUING);

        controller.resume();

        assertState(controller, QUEUING, STARTED);
    }

    @Test
    void onceOperationHandlesOncePerStage() {
        engineCompletesEveryStage();
        register("chunks", TRANSFERRING, 5, StageResult.PENDING, StageResult.PENDING, StageResult.COMPLETED);
        AtomicInteger initial = new AtomicInteger();
        AtomicInteger subsequent = new AtomicInteger();
        OncePerStageOperation once = new OncePerStageOperation() {
            @Override
            protected StageResult handleInitial(SyncContext context) {
                initial.incrementAndGet();
                return StageResult.SKIPPED;
            }

            @Override
            protected StageResult handleSubsequent(SyncContext context) {
                subsequent.incrementAndGet();
                return StageResult.SKIPPED;
            }
        };
        whiteboard.addOperation(once, FakeServiceReference.operation(nextServiceId++, "transferring,cleanup")
                .with(SyncOperation.PRIORITY, 10));
        StageController controller = begin();

        controller.proceedTo(TRANSFERRING);
        controller.proceedTo(TRANSFERRING);
        controller.proceedTo(CLEANUP);

        assertEquals(2, initial.get(), "once for transferring, once for cleanup");
        assertEquals(2, subsequent.get(), "transferring was invoked three times");
        assertTrue(store.attributes("sync-1").keySet().stream()
                .anyMatch(key -> key.startsWith(OncePerStageOperation.HISTORY_PREFIX) && key.endsWith(":transferring")));
    }

    @Test
    void operationsAreTheSnapshotEntries() {
        engineCompletesEveryStage();
        register("plugin", QUEUING, 7, StageResult.SKIPPED);
        StageController controller = begin();

        assertEquals(List.of(7, SyncOperation.ENGINE_PRIORITY),
                controller.operations(QUEUING).stream().map(entry -> entry.priority()).toList());
        assertSame(whiteboard.snapshot().operationEntries(QUEUING), controller.operations(QUEUING));
    }

    // ---- helpers

    // ---- a step on another thread (a background job)

    @Test
    void proceedToDoesNotWaitForAStepOnAnotherThreadAndSeesItsOutcomeAfterwards() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        register("slow", DESERIALIZING, 0, context -> {
            calls.incrementAndGet();
            entered.countDown();
            if (!release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return StageResult.COMPLETED;
        });
        engineCompletesEveryStage();
        StageController controller = begin();
        assertEquals(COMPLETED, controller.proceedTo(DEQUEUING));

        java.util.concurrent.atomic.AtomicReference<TransferStatus> jobOutcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread job = new Thread(() -> jobOutcome.set(controller.proceedToAndWaitFor(DESERIALIZING, AN_HOUR)));
        job.start();
        assertTrue(entered.await(30, java.util.concurrent.TimeUnit.SECONDS));

        long start = System.nanoTime();
        assertEquals(PENDING, controller.proceedTo(DESERIALIZING), "a poll while the job steps");
        assertEquals(COMPLETED, controller.proceedTo(DEQUEUING), "a stage the session has passed");
        assertEquals(PENDING, controller.proceedTo(CLEANUP), "a later stage, not reached yet");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "the polls did not wait for the job");
        assertEquals(1, calls.get(), "the polls invoked nothing");

        release.countDown();
        job.join(30_000);
        assertEquals(COMPLETED, jobOutcome.get());
        assertEquals(COMPLETED, controller.proceedTo(DESERIALIZING), "a poll after the job completed");
        assertEquals(1, calls.get());
        assertState(controller, DESERIALIZING, COMPLETED);
    }

    private StageController begin() {
        return new StageController(whiteboard.snapshot(), MutableTransferState.begin(store, REQUEST), pacer,
                controllerLog.logger());
    }

    private void engineCompletesEveryStage() {
        for (SyncStage stage : SyncStage.values()) {
            register("engine", stage, SyncOperation.ENGINE_PRIORITY, StageResult.COMPLETED);
        }
    }

    /** An operation that answers {@code results} in turn, repeating the last one. */
    private void register(String name, SyncStage stage, int priority, StageResult... results) {
        Deque<StageResult> script = new ArrayDeque<>(Arrays.asList(results));
        register(name, stage, priority, context -> script.size() > 1 ? script.poll() : script.peek());
    }

    private void register(String name, SyncStage stage, int priority, Behaviour behaviour) {
        whiteboard.addOperation(new Scripted(name, behaviour),
                FakeServiceReference.operation(nextServiceId++, stage.wireName()).with(SyncOperation.PRIORITY, priority));
    }

    private void addHook(int ranking, FacilityDataSyncHook hook) {
        whiteboard.addHook(hook, FakeServiceReference.service(nextServiceId++).with("service.ranking", ranking));
    }

    /** A hook that journals its calls, registered after any other; returns the events it got. */
    private List<TransferEvent> recordHook() {
        List<TransferEvent> events = new ArrayList<>();
        addHook(0, new FacilityDataSyncHook() {
            @Override
            public void preTransfer(TransferEvent event) {
                journal.add("pre");
                events.add(event);
            }

            @Override
            public void postTransfer(TransferEvent event) {
                journal.add("post:" + event.outcome());
                events.add(event);
            }
        });
        return events;
    }

    private static void assertState(StageController controller, SyncStage stage, TransferStatus status) {
        SyncContext context = controller.context();
        assertEquals(stage + "/" + status, context.stage() + "/" + context.status());
    }

    @FunctionalInterface
    interface Behaviour {
        StageResult handle(SyncContext context) throws Exception;
    }

    /** An operation with a name for the journal. */
    final class Scripted implements SyncOperation {
        private final String name;
        private final Behaviour behaviour;

        Scripted(String name, Behaviour behaviour) {
            this.name = name;
            this.behaviour = behaviour;
        }

        @Override
        public StageResult handle(SyncContext context) throws Exception {
            journal.add(name + ":" + context.stage().wireName());
            return behaviour.handle(context);
        }
    }
}
