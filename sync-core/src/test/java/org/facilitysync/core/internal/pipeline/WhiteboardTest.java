package org.facilitysync.core.internal.pipeline;

import static org.facilitysync.api.SyncStage.CLEANUP;
import static org.facilitysync.api.SyncStage.DEQUEUING;
import static org.facilitysync.api.SyncStage.QUEUING;
import static org.facilitysync.api.SyncStage.SERIALIZING;
import static org.facilitysync.core.internal.testing.FakeServiceReference.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.core.internal.testing.FakeServiceReference;
import org.facilitysync.core.internal.testing.RecordingLogger;
import org.junit.jupiter.api.Test;

/** Ordering, property parsing and copy-on-write publication of the whiteboard. */
class WhiteboardTest {

    private final RecordingLogger log = new RecordingLogger();
    private final Whiteboard whiteboard = new Whiteboard(log.logger());

    @Test
    void higherPriorityRunsFirst() {
        whiteboard.addOperation(new Op(), operation(1, "queuing").with(SyncOperation.PRIORITY, 1));
        whiteboard.addOperation(new Op(), operation(2, "queuing").with(SyncOperation.PRIORITY, 50));
        whiteboard.addOperation(new Op(), operation(3, "queuing").with(SyncOperation.PRIORITY, -3));
        whiteboard.addOperation(new Op(), operation(4, "queuing").with(SyncOperation.PRIORITY, SyncOperation.ENGINE_PRIORITY));
        whiteboard.addOperation(new Op(), operation(5, "queuing"));

        assertEquals(List.of(2L, 1L, 5L, 3L, 4L), ids(QUEUING));
        assertEquals(List.of(50, 1, 0, -3, Integer.MIN_VALUE), priorities(QUEUING));
    }

    @Test
    void tiesBrokenByLowerServiceId() {
        whiteboard.addOperation(new Op(), operation(30, "queuing").with(SyncOperation.PRIORITY, 5));
        whiteboard.addOperation(new Op(), operation(10, "queuing").with(SyncOperation.PRIORITY, 5));
        whiteboard.addOperation(new Op(), operation(20, "queuing").with(SyncOperation.PRIORITY, 5));

        assertEquals(List.of(10L, 20L, 30L), ids(QUEUING));
    }

    @Test
    void stringPriorityFromCfgCounts() {
        whiteboard.addOperation(new Op(), operation(1, "queuing").with(SyncOperation.PRIORITY, "5"));
        whiteboard.addOperation(new Op(), operation(2, "queuing").with(SyncOperation.PRIORITY, " 42 "));
        whiteboard.addOperation(new Op(), operation(3, "queuing").with(SyncOperation.PRIORITY, "-7"));

        assertEquals(List.of(42, 5, -7), priorities(QUEUING));
        assertEquals(List.of(), log.lines());
    }

    @Test
    void anyNumberPriorityCounts() {
        whiteboard.addOperation(new Op(), operation(1, "queuing").with(SyncOperation.PRIORITY, 9L));
        whiteboard.addOperation(new Op(), operation(2, "queuing").with(SyncOperation.PRIORITY, 3.0d));
        whiteboard.addOperation(new Op(), operation(3, "queuing").with(SyncOperation.PRIORITY, Long.MAX_VALUE));
        whiteboard.addOperation(new Op(), operation(4, "queuing").with(SyncOperation.PRIORITY, (short) 4));

        assertEquals(List.of(Integer.MAX_VALUE, 9, 4, 3), priorities(QUEUING));
    }

    @Test
    void malformedPriorityFallsBackAndIsLogged() {
        FakeServiceReference<SyncOperation> reference = operation(12, "queuing")
                .with(SyncOperation.PRIORITY, "high").with("felix.fileinstall.filename", "file:/opt/sync/load/extras.cfg")
                .from("com.example.extras", "2.0.1");
        Op op = new Op();
        whiteboard.addOperation(op, reference);

        assertEquals(List.of(SyncOperation.DEFAULT_PRIORITY), priorities(QUEUING));
        String warning = onlyWarning();
        for (String expected : List.of("'high'", "sync.priority", Op.class.getName(), "service.id=12",
                "com.example.extras 2.0.1", "file:/opt/sync/load/extras.cfg", "default priority 0")) {
            assertTrue(warning.contains(expected), () -> "'" + expected + "' missing from: " + warning);
        }

        // On an update the operation keeps the last priority that was valid, not the default.
        whiteboard.updateOperation(op, reference.with(SyncOperation.PRIORITY, 20));
        whiteboard.updateOperation(op, reference.with(SyncOperation.PRIORITY, "twenty"));
        assertEquals(List.of(20), priorities(QUEUING));
        String second = log.at("warn").get(1).message();
        assertTrue(second.contains("'twenty'") && second.contains("previous priority 20"), second);
    }

    @Test
    void stagePropertyAcceptsStringArrayCollectionAndCommaList() {
        whiteboard.addOperation(new Op(), operation(1, "serializing"));
        whiteboard.addOperation(new Op(), operation(2, new String[] {"serializing", "Queuing "}));
        whiteboard.addOperation(new Op(), operation(3, List.of("queuing", "cleanup")));
        whiteboard.addOperation(new Op(), operation(4, " serializing , dequeuing,cleanup"));

        assertEquals(List.of(1L, 2L, 4L), ids(SERIALIZING));
        assertEquals(List.of(2L, 3L), ids(QUEUING));
        assertEquals(List.of(4L), ids(DEQUEUING));
        assertEquals(List.of(3L, 4L), ids(CLEANUP));
        assertEquals(Set.of(SERIALIZING, DEQUEUING, CLEANUP), whiteboard.snapshot().operationEntries(CLEANUP).get(1).stages());
        assertEquals(List.of(), log.lines());
    }

    @Test
    void unknownStageIsLoggedAndIgnored() {
        whiteboard.addOperation(new Op(), operation(7, "queueing,cleanup")
                .with("felix.fileinstall.filename", "/load/typo.cfg"));

        assertEquals(List.of(7L), ids(CLEANUP));
        assertEquals(List.of(), ids(QUEUING));
        String warning = onlyWarning();
        for (String expected : List.of("'queueing'", "sync.stage", SyncStage.wireNames(), "service.id=7",
                "/load/typo.cfg")) {
            assertTrue(warning.contains(expected), () -> "'" + expected + "' missing from: " + warning);
        }
    }

    @Test
    void operationWithoutStageTakesPartInNoneAndIsLogged() {
        whiteboard.addOperation(new Op(), FakeServiceReference.service(3));

        for (SyncStage stage : SyncStage.values()) {
            assertEquals(List.of(), ids(stage));
        }
        assertTrue(onlyWarning().contains("no sync.stage"));
    }

    @Test
    void updatedReordersAndUnbindRemoves() {
        FakeServiceReference<SyncOperation> first = operation(1, "queuing").with(SyncOperation.PRIORITY, 10);
        Op op = new Op();
        whiteboard.addOperation(op, first);
        whiteboard.addOperation(new Op(), operation(2, "queuing").with(SyncOperation.PRIORITY, 5));
        assertEquals(List.of(1L, 2L), ids(QUEUING));

        whiteboard.updateOperation(op, first.with(SyncOperation.PRIORITY, 1).with(SyncOperation.STAGE, "queuing,cleanup"));
        assertEquals(List.of(2L, 1L), ids(QUEUING));
        assertEquals(List.of(1L), ids(CLEANUP));

        whiteboard.removeOperation(first);
        assertEquals(List.of(2L), ids(QUEUING));
        assertEquals(List.of(), ids(CLEANUP));
    }

    @Test
    void entryDescribesTheService() {
        whiteboard.addOperation(new Op(), operation(8, "queuing").with(SyncOperation.PRIORITY, 3).from("com.example.a", "1.4.0"));

        PipelineEntry entry = whiteboard.snapshot().operationEntries(QUEUING).get(0);
        assertEquals(new PipelineEntry(8, 3, "com.example.a", "1.4.0", Op.class.getName(), Set.of(QUEUING)), entry);
    }

    @Test
    void hooksOrderedByIntegerRankingThenServiceId() {
        FacilityDataSyncHook hook = new FacilityDataSyncHook() {
        };
        whiteboard.addHook(hook, FakeServiceReference.service(4));
        whiteboard.addHook(hook, FakeServiceReference.service(3).with("service.ranking", 10));
        // A String ranking counts as 0, as the OSGi specification says; so does a Long.
        whiteboard.addHook(hook, FakeServiceReference.service(2).with("service.ranking", "100"));
        whiteboard.addHook(hook, FakeServiceReference.service(1).with("service.ranking", 100L));
        whiteboard.addHook(hook, FakeServiceReference.service(5).with("service.ranking", -1));

        assertEquals(List.of(3L, 1L, 2L, 4L, 5L),
                whiteboard.snapshot().hookEntries().stream().map(PipelineEntry::serviceId).toList());
        PipelineEntry entry = whiteboard.snapshot().hookEntries().get(0);
        assertEquals(10, entry.priority(), "a hook is listed with its ranking");
        assertEquals(Set.of(), entry.stages());

        whiteboard.removeHook(FakeServiceReference.service(3));
        assertEquals(4, whiteboard.snapshot().hooks().size());
    }

    @Test
    void publishedSnapshotsNeverChange() {
        whiteboard.addOperation(new Op(), operation(1, "queuing"));
        PipelineSnapshot before = whiteboard.snapshot();

        whiteboard.addOperation(new Op(), operation(2, "queuing").with(SyncOperation.PRIORITY, 9));

        assertEquals(List.of(1L), before.operationEntries(QUEUING).stream().map(PipelineEntry::serviceId).toList());
        assertNotSame(before, whiteboard.snapshot());
        whiteboard.removeOperation(operation(99, "queuing"));
        PipelineSnapshot after = whiteboard.snapshot();
        whiteboard.removeOperation(operation(99, "queuing"));
        assertSame(after, whiteboard.snapshot(), "removing an unknown service publishes nothing new");
    }

    @Test
    void bindWithoutBundleStillRegisters() {
        whiteboard.addOperation(new Op(), operation(1, "queuing").withoutBundle());

        assertEquals("unknown", whiteboard.snapshot().operationEntries(QUEUING).get(0).bundleSymbolicName());
    }

    @Test
    void concurrentBindsAndUnbindsPublishConsistentSnapshots() throws Exception {
        int writers = 4;
        int perWriter = 300;
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long base = w * 10_000L;
            threads.add(new Thread(() -> {
                await(start);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perWriter; i++) {
                    FakeServiceReference<SyncOperation> reference = operation(base + i, random.nextBoolean()
                            ? "queuing" : "queuing,cleanup").with(SyncOperation.PRIORITY, random.nextInt(-5, 5));
                    Op op = new Op();
                    whiteboard.addOperation(op, reference);
                    if (i % 3 == 0) {
                        whiteboard.updateOperation(op, reference.with(SyncOperation.PRIORITY, String.valueOf(i % 7)));
                    }
                    if (i % 2 == 0) {
                        whiteboard.removeOperation(reference);
                    }
                }
            }));
        }
        for (int r = 0; r < 3; r++) {
            threads.add(new Thread(() -> {
                await(start);
                while (writing.get()) {
                    PipelineSnapshot snapshot = whiteboard.snapshot();
                    List<RankedOperation> queuing = snapshot.operations(QUEUING);
                    for (int i = 1; i < queuing.size(); i++) {
                        if (RankedOperation.ORDER.compare(queuing.get(i - 1), queuing.get(i)) >= 0) {
                            problems.add("out of order at " + i + ": " + queuing);
                        }
                    }
                    if (!queuing.containsAll(snapshot.operations(CLEANUP))) {
                        problems.add("cleanup operation missing from queuing in one snapshot");
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads.subList(0, writers)) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        writing.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertEquals(List.of(), List.copyOf(problems));
        assertEquals(writers * perWriter / 2, whiteboard.snapshot().operations(QUEUING).size(),
                "every odd-numbered operation stays bound");
    }

    private String onlyWarning() {
        assertEquals(1, log.at("warn").size(), () -> "expected one warning, got " + log.lines());
        return log.at("warn").get(0).message();
    }

    private List<Long> ids(SyncStage stage) {
        return whiteboard.snapshot().operationEntries(stage).stream().map(PipelineEntry::serviceId).toList();
    }

    private List<Integer> priorities(SyncStage stage) {
        return whiteboard.snapshot().operationEntries(stage).stream().map(PipelineEntry::priority).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class Op implements SyncOperation {
        @Override
        public StageResult handle(org.facilitysync.api.SyncContext context) {
            return StageResult.SKIPPED;
        }
    }
}
