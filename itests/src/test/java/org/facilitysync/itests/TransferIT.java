package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.TransferStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Transfer sessions driven through the pipeline on a real framework. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransferIT extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HELLO_BUNDLE = "org.facilitysync.example.hello";
    private static final String HELLO_GREETED = "org.facilitysync.example.hello.greeted";

    @Test
    public void aSkippingOperationPassesTheStageToTheNext() throws Exception {
        List<String> journal = journal();
        registerFallbackForEveryStage();
        registerOperation(recording("skipper", journal, StageResult.SKIPPED), 5, SyncStage.QUEUING);
        registerOperation(recording("handler", journal, StageResult.COMPLETED), 4, SyncStage.QUEUING);

        TransferController transfer = begin(newTransfer());
        assertEquals(TransferStatus.COMPLETED, transfer.proceedToAndWaitFor(SyncStage.QUEUING, WAIT));
        assertEquals(List.of("skipper@queuing", "handler@queuing"), journal);
    }

    @Test
    public void aStageNoOperationHandlesErrorsWithItsName() throws Exception {
        registerOperation(c -> StageResult.COMPLETED, FALLBACK_PRIORITY, SyncStage.INITIALIZING,
                SyncStage.SERIALIZING, SyncStage.QUEUING);
        registerOperation(c -> StageResult.SKIPPED, 1, SyncStage.TRANSFERRING);

        TransferController transfer = begin(newTransfer());
        assertEquals(TransferStatus.ERRORED, transfer.proceedTo(SyncStage.DEQUEUING));
        assertEquals(SyncStage.TRANSFERRING, transfer.context().stage());
        String error = transfer.context().error().orElseThrow();
        assertTrue(error, error.contains("transferring"));
    }

    @Test
    public void aFailingOperationErrorsItsStageAndKeepsTheError() throws Exception {
        registerFallbackForEveryStage();
        registerOperation(c -> {
            throw new IllegalStateException("disk on fire");
        }, 1, SyncStage.DEQUEUING);

        TransferController transfer = begin(newTransfer());
        assertEquals(TransferStatus.ERRORED, transfer.proceedToAndWaitFor(SyncStage.CLEANUP, WAIT));
        assertEquals(SyncStage.DEQUEUING, transfer.context().stage());
        assertEquals(TransferStatus.ERRORED, transfer.context().status());
        String error = transfer.context().error().orElseThrow();
        assertTrue(error, error.contains("disk on fire"));
        assertTrue(error, error.contains("dequeuing"));

        // ERRORED is sticky: asking again invokes nothing and changes nothing.
        assertEquals(TransferStatus.ERRORED, transfer.proceedTo(SyncStage.CLEANUP));
        assertEquals(SyncStage.DEQUEUING, transfer.context().stage());
    }

    @Test
    public void aFailingHookDoesNotFailTheTransfer() throws Exception {
        registerFallbackForEveryStage();
        registerHook(new ExplodingHook());
        RecordingHook recorder = new RecordingHook();
        registerHook(recorder);
        await("both hooks are registered", () -> pipeline.hooks().size() >= 3);

        TransferController transfer = begin(newTransfer().push());
        String id = transfer.context().transferSessionId();
        assertEquals(TransferStatus.COMPLETED, transfer.proceedToAndWaitFor(SyncStage.CLEANUP, WAIT));
        assertEquals(SyncStage.CLEANUP, transfer.context().stage());
        assertFalse(transfer.context().error().isPresent());
        assertEquals(List.of("pre:" + id, "post:" + id + ":completed"), recorder.calls);
    }

    @Test
    public void postTransferRunsWhenTheTransferFails() throws Exception {
        registerFallbackForEveryStage();
        registerOperation(c -> StageResult.ERRORED, 1, SyncStage.QUEUING);
        RecordingHook recorder = new RecordingHook();
        registerHook(recorder);

        TransferController transfer = begin(newTransfer());
        String id = transfer.context().transferSessionId();
        assertEquals(TransferStatus.ERRORED, transfer.proceedToAndWaitFor(SyncStage.CLEANUP, WAIT));
        assertEquals(List.of("pre:" + id, "post:" + id + ":errored"), recorder.calls);
    }

    @Test
    public void aTransferInFlightKeepsItsSnapshotWhenAPluginBundleStops() throws Exception {
        registerFallbackForEveryStage();
        Bundle hello = bundle(HELLO_BUNDLE);
        await("the hello operation is in cleanup", () -> operationBundles(SyncStage.CLEANUP).contains(HELLO_BUNDLE));

        TransferController inFlight = begin(newTransfer());
        assertEquals(TransferStatus.COMPLETED, inFlight.proceedTo(SyncStage.QUEUING));

        hello.stop();
        try {
            await("the hello operation has left the pipeline",
                    () -> !operationBundles(SyncStage.CLEANUP).contains(HELLO_BUNDLE));
            TransferController next = begin(newTransfer());

            assertTrue("the transfer in flight still has the plugin in its snapshot",
                    inFlight.operations(SyncStage.CLEANUP).stream()
                            .anyMatch(e -> HELLO_BUNDLE.equals(e.bundleSymbolicName())));
            assertFalse("the next transfer does not see the stopped plugin",
                    next.operations(SyncStage.CLEANUP).stream()
                            .anyMatch(e -> HELLO_BUNDLE.equals(e.bundleSymbolicName())));

            assertEquals(TransferStatus.COMPLETED, inFlight.proceedToAndWaitFor(SyncStage.CLEANUP, WAIT));
            assertTrue("the plugin operation ran in the transfer in flight",
                    inFlight.context().attributes().get(HELLO_GREETED).isPresent());

            assertEquals(TransferStatus.COMPLETED, next.proceedToAndWaitFor(SyncStage.CLEANUP, WAIT));
            assertFalse("the plugin operation did not run in the next transfer",
                    next.context().attributes().get(HELLO_GREETED).isPresent());
        } finally {
            hello.start();
        }
        await("the hello operation is back", () -> operationBundles(SyncStage.CLEANUP).contains(HELLO_BUNDLE));
    }

    @Test
    public void thePluginOperationActsOncePerTransferSessionAndStage() throws Exception {
        registerFallbackForEveryStage();
        await("the hello operation is in cleanup", () -> operationBundles(SyncStage.CLEANUP).contains(HELLO_BUNDLE));
        // A pending operation after the plugin makes the cleanup stage run twice.
        int[] calls = {0};
        SyncOperation pendingOnce = c -> ++calls[0] == 1 ? StageResult.PENDING : StageResult.COMPLETED;
        registerOperation(pendingOnce, 0, SyncStage.CLEANUP);

        TransferController transfer = begin(newTransfer());
        assertEquals(TransferStatus.COMPLETED, transfer.proceedToAndWaitFor(SyncStage.CLEANUP, WAIT));
        assertEquals(2, calls[0]);
        String greeting = transfer.context().attributes().get(HELLO_GREETED).orElseThrow();
        assertTrue(greeting, greeting.contains(transfer.context().transferSessionId()));
        assertEquals("one history entry for the one (transfer session, stage)", 1,
                transfer.context().attributes().asMap().keySet().stream().filter(k -> k.startsWith("once:")).count());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : FrameworkUtil.getBundle(getClass()).getBundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
