package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Operations that come, go and change while the framework runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DynamicServicesIT extends PipelineTestSupport {

    private static final String HELLO_PID = "org.facilitysync.example.hello";
    private static final String HELLO_BUNDLE = "org.facilitysync.example.hello";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Test
    public void aServiceRegisteredAtRuntimeJoinsAndLeavesThePipeline() throws Exception {
        ServiceRegistration<SyncOperation> registration =
                registerOperation(c -> StageResult.SKIPPED, 3, SyncStage.TRANSFERRING);
        long id = serviceId(registration);
        await("the new operation is in the transferring stage", () -> operationIds(SyncStage.TRANSFERRING).contains(id));

        registration.unregister();
        await("the operation has left the transferring stage", () -> !operationIds(SyncStage.TRANSFERRING).contains(id));
    }

    @Test
    public void aChangedServicePropertyMovesTheOperation() throws Exception {
        ServiceRegistration<SyncOperation> a = registerOperation(c -> StageResult.SKIPPED, 10, SyncStage.DESERIALIZING);
        ServiceRegistration<SyncOperation> b = registerOperation(c -> StageResult.SKIPPED, 20, SyncStage.DESERIALIZING);
        await("both operations are listed", () -> operationIds(SyncStage.DESERIALIZING).size() == 2);
        assertEquals(List.of(serviceId(b), serviceId(a)), operationIds(SyncStage.DESERIALIZING));

        Dictionary<String, Object> moved = new Hashtable<>();
        moved.put(SyncOperation.STAGE, SyncStage.DESERIALIZING.wireName());
        moved.put(SyncOperation.PRIORITY, 30);
        a.setProperties(moved);
        await("a has moved ahead of b",
                () -> operationIds(SyncStage.DESERIALIZING).equals(List.of(serviceId(a), serviceId(b))));
    }

    @Test
    public void aPriorityChangedThroughConfigAdminMovesAPluginOperation() throws Exception {
        ServiceRegistration<SyncOperation> mine = registerOperation(c -> StageResult.SKIPPED, 50, SyncStage.CLEANUP);
        long myId = serviceId(mine);
        await("the hello plugin and this test's operation are in cleanup", () -> operationBundles(SyncStage.CLEANUP)
                .contains(HELLO_BUNDLE) && operationIds(SyncStage.CLEANUP).contains(myId));
        assertEquals("at its default priority 10 the hello operation runs after mine", myId,
                operationIds(SyncStage.CLEANUP).get(0).longValue());

        Configuration configuration = configurationAdmin.getConfiguration(HELLO_PID, "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(SyncOperation.PRIORITY, 100);
            configuration.update(properties);
            await("the hello operation runs first at priority 100",
                    () -> Integer.valueOf(100).equals(helloPriority()));
            assertEquals(HELLO_BUNDLE, operationBundles(SyncStage.CLEANUP).get(0));
            assertEquals(100, helloEntry().priority());

            // What an untyped .cfg file gives: the value as a String.
            properties.put(SyncOperation.PRIORITY, "-5");
            configuration.update(properties);
            await("the hello operation runs after mine at priority \"-5\"", () -> Integer.valueOf(-5).equals(helloPriority()));
            assertEquals(myId, operationIds(SyncStage.CLEANUP).get(0).longValue());
        } finally {
            configuration.delete();
        }
        await("the hello operation is back at its default priority", () -> Integer.valueOf(10).equals(helloPriority()));
    }

    @Test
    public void aMalformedPriorityKeepsThePipelineWorking() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(HELLO_PID, "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(SyncOperation.PRIORITY, "high");
            configuration.update(properties);
            await("the hello operation's service carries sync.priority=high", () -> {
                try {
                    return !context.getServiceReferences(SyncOperation.class, "(sync.priority=high)").isEmpty();
                } catch (org.osgi.framework.InvalidSyntaxException e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals("the malformed value is ignored and the previous priority kept", Integer.valueOf(10),
                    helloPriority());
            assertFalse(pipeline.operations(SyncStage.CLEANUP).isEmpty());
        } finally {
            configuration.delete();
        }
    }

    @Test
    public void anOperationWithAnUnknownStageNameJoinsNoStage() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SyncOperation.STAGE, new String[] {"queuing", "sleeping"});
        ServiceRegistration<SyncOperation> registration =
                context.registerService(SyncOperation.class, c -> StageResult.SKIPPED, properties);
        try {
            long id = serviceId(registration);
            await("the operation is in the queuing stage", () -> operationIds(SyncStage.QUEUING).contains(id));
            for (SyncStage stage : SyncStage.values()) {
                if (stage != SyncStage.QUEUING) {
                    assertFalse(operationIds(stage).contains(id));
                }
            }
            assertTrue(pipeline.operations(SyncStage.QUEUING).stream().anyMatch(e -> e.serviceId() == id));
        } finally {
            registration.unregister();
        }
    }

    private PipelineEntry helloEntry() {
        PipelineEntry entry = helloEntryOrNull();
        if (entry == null) {
            throw new AssertionError("the hello operation is not in the cleanup stage: "
                    + pipeline.operations(SyncStage.CLEANUP));
        }
        return entry;
    }

    private Integer helloPriority() {
        PipelineEntry entry = helloEntryOrNull();
        return entry == null ? null : entry.priority();
    }

    private PipelineEntry helloEntryOrNull() {
        return pipeline.operations(SyncStage.CLEANUP).stream()
                .filter(e -> HELLO_BUNDLE.equals(e.bundleSymbolicName())).findFirst().orElse(null);
    }
}
