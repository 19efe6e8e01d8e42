package org.facilitysync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.controller.Pacer;
import org.facilitysync.core.internal.session.JdbcTransferSessionStore;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.testing.RecordingLogger;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes of a hub tier on one database (two pipelines, each with its own connection pool, as two
 * processes have) step the same transfer session: the step lease in the database lets exactly one of
 * them run a stage, and a lease whose node died is taken over once it has run out.
 */
class StepLeaseAcrossNodesTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final AtomicInteger IDS = new AtomicInteger(-9_000_000);

    /** Counts the runs of SERIALIZING; each run lasts until {@code release} opens (or 10 s). */
    private static final class SlowSerializing implements SyncOperation {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public StageResult handle(org.facilitysync.api.SyncContext context) throws Exception {
            if (context.stage() == SyncStage.SERIALIZING) {
                runs.incrementAndGet();
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return StageResult.COMPLETED;
        }
    }

    private record TwoNodes(WhiteboardSyncPipeline one, WhiteboardSyncPipeline two, JdbcTransferSessionStore store) {
    }

    private static TwoNodes twoNodes(DatabaseKind kind, SyncOperation operation) {
        TestDatabases.EmptyDatabase empty = databases.empty(kind);
        Database first = databases.open(empty, empty.dialect());
        Database second = databases.open(empty, empty.dialect());
        new SyncSessionStore(first).create(SyncSessionRow.network("s1", true, "facilitydata", "http://device"));
        WhiteboardSyncPipeline one = pipeline(first, operation);
        WhiteboardSyncPipeline two = pipeline(second, operation);
        TransferController begun = one.begin(TransferRequest.builder("s1", "t1").server().pull()
                .filter(SyncFilter.of("d1")).datasetId("d1").build());
        assertEquals(TransferStatus.COMPLETED, begun.proceedTo(SyncStage.INITIALIZING));
        return new TwoNodes(one, two, new JdbcTransferSessionStore(second));
    }

    private static WhiteboardSyncPipeline pipeline(Database database, SyncOperation operation) {
        WhiteboardSyncPipeline pipeline = new WhiteboardSyncPipeline(new JdbcTransferSessionStore(database),
                Pacer.system(), new RecordingLogger().logger());
        pipeline.registerEmbedded(IDS.getAndDecrement(), operation, 0, EnumSet.allOf(SyncStage.class), "test");
        return pipeline;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoNodesSteppingTheSameSessionAtOnceRunTheStageOnce(DatabaseKind kind) throws Exception {
        SlowSerializing serializing = new SlowSerializing();
        TwoNodes nodes = twoNodes(kind, serializing);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<TransferStatus>> answers = new ArrayList<>();
            for (WhiteboardSyncPipeline node : List.of(nodes.one(), nodes.two())) {
                answers.add(threads.submit(() -> {
                    TransferController controller = node.controller("t1").orElseThrow();
                    together.await();
                    TransferStatus status = controller.proceedTo(SyncStage.SERIALIZING);
                    if (status != TransferStatus.COMPLETED) {
                        serializing.release.countDown(); // the node that lost answered at once
                    }
                    return status;
                }));
            }
            List<TransferStatus> statuses = new ArrayList<>();
            for (Future<TransferStatus> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, serializing.runs.get(), "the stage ran on exactly one node: " + statuses);
            assertTrue(statuses.contains(TransferStatus.COMPLETED) && statuses.contains(TransferStatus.PENDING),
                    "one node ran the stage, the other reported it pending: " + statuses);
            assertEquals(TransferStatus.COMPLETED, nodes.two().controller("t1").orElseThrow()
                    .proceedTo(SyncStage.SERIALIZING), "after the step, either node sees it completed");
            assertEquals(1, serializing.runs.get());
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aLeaseHeldByALiveNodeIsRespectedAndOneWhoseNodeDiedIsTakenOver(DatabaseKind kind) {
        SlowSerializing serializing = new SlowSerializing();
        serializing.release.countDown();
        TwoNodes nodes = twoNodes(kind, serializing);
        long now = System.currentTimeMillis();
        assertTrue(nodes.store().claimStep("t1", "a node that is running the stage", now + 60_000));

        TransferController controller = nodes.two().controller("t1").orElseThrow();
        assertEquals(TransferStatus.PENDING, controller.proceedTo(SyncStage.SERIALIZING));
        assertEquals(0, serializing.runs.get(), "a live node's lease keeps the others out");

        assertTrue(nodes.store().renewStep("t1", "a node that is running the stage", now - 1),
                "the node dies: its lease is left to run out");
        assertEquals(TransferStatus.COMPLETED, controller.proceedTo(SyncStage.SERIALIZING),
                "the next request takes the session over");
        assertEquals(1, serializing.runs.get());
        assertTrue(nodes.store().claimStep("t1", "anyone", now + Duration.ofSeconds(1).toMillis()),
                "the step gave the lease up when it ended");
    }
}
