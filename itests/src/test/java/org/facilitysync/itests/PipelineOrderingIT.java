package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;

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
import org.osgi.framework.ServiceRegistration;

/** The order in which a stage's operations are asked, on a real framework. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PipelineOrderingIT extends PipelineTestSupport {

    @Test
    public void higherPriorityRunsFirst() throws Exception {
        ServiceRegistration<SyncOperation> a = registerOperation(c -> StageResult.SKIPPED, 1, SyncStage.QUEUING);
        ServiceRegistration<SyncOperation> b = registerOperation(c -> StageResult.SKIPPED, 50, SyncStage.QUEUING);
        ServiceRegistration<SyncOperation> c = registerOperation(x -> StageResult.SKIPPED, -3, SyncStage.QUEUING);

        await("three operations are in the queuing stage", () -> operationIds(SyncStage.QUEUING).size() == 3);
        assertEquals(List.of(serviceId(b), serviceId(a), serviceId(c)), operationIds(SyncStage.QUEUING));
    }

    @Test
    public void tiesAreBrokenByLowerServiceId() throws Exception {
        ServiceRegistration<SyncOperation> first = registerOperation(c -> StageResult.SKIPPED, 7, SyncStage.DEQUEUING);
        ServiceRegistration<SyncOperation> second = registerOperation(c -> StageResult.SKIPPED, 7, SyncStage.DEQUEUING);
        ServiceRegistration<SyncOperation> missing = registerOperation(c -> StageResult.SKIPPED, null, SyncStage.DEQUEUING);

        await("three operations are in the dequeuing stage", () -> operationIds(SyncStage.DEQUEUING).size() == 3);
        assertEquals(List.of(serviceId(first), serviceId(second), serviceId(missing)),
                operationIds(SyncStage.DEQUEUING));
    }

    @Test
    public void stringPriorityFromAnUntypedCfgCounts() throws Exception {
        ServiceRegistration<SyncOperation> typed = registerOperation(c -> StageResult.SKIPPED, 20, SyncStage.SERIALIZING);
        ServiceRegistration<SyncOperation> text = registerOperation(c -> StageResult.SKIPPED, " 30 ", SyncStage.SERIALIZING);

        await("two operations are in the serializing stage", () -> operationIds(SyncStage.SERIALIZING).size() == 2);
        assertEquals(List.of(serviceId(text), serviceId(typed)), operationIds(SyncStage.SERIALIZING));
    }

    @Test
    public void theChainIsAskedInOrderUntilOneHandlesTheStage() throws Exception {
        List<String> journal = journal();
        registerFallbackForEveryStage();
        registerOperation(recording("low", journal, StageResult.COMPLETED), 1, SyncStage.SERIALIZING);
        registerOperation(recording("high", journal, StageResult.SKIPPED), 90, SyncStage.SERIALIZING);
        registerOperation(recording("middle", journal, StageResult.SKIPPED), 40, SyncStage.SERIALIZING);
        registerOperation(recording("never", journal, StageResult.COMPLETED), 0, SyncStage.SERIALIZING);

        TransferController transfer = begin(newTransfer());
        assertEquals(TransferStatus.COMPLETED, transfer.proceedToAndWaitFor(SyncStage.SERIALIZING, Duration.ofSeconds(10)));
        assertEquals(List.of("high@serializing", "middle@serializing", "low@serializing"), journal);
    }
}
