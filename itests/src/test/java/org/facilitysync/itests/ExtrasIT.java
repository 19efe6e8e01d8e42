package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.TransferStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The extras bundle on real Felix: its operations are in the pipeline exactly while the configuration
 * {@code org.facilitysync.extras} enables them, with the configured stages; an invalid configuration is
 * refused and the previous one kept; and a deferred stage runs as a job in the container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExtrasIT extends PipelineTestSupport {

    private static final String PID = "org.facilitysync.extras";
    private static final String EXTRAS_BUNDLE = "org.facilitysync.extras";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return new Option[] {composite(super.config()), ContainerOptions.fileBundle("bundle.sync-extras")};
    }

    @Test
    public void withNoConfigurationTheBundleContributesNothing() throws Exception {
        assertTrue(bundleIsActive());
        assertEquals(Set.of(), extrasStages());
    }

    @Test
    public void theOperationsFollowTheConfiguration() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        try {
            // What an untyped .cfg file gives: strings, with stray white space.
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("background.finalization", " true ");
            properties.put("background.finalization.stages", "deserializing , cleanup");
            configuration.update(properties);
            await("finalization is in deserializing and cleanup",
                    () -> extrasStages().equals(EnumSet.of(SyncStage.DESERIALIZING, SyncStage.CLEANUP)));
            assertTrue("above the engine", entry(SyncStage.CLEANUP).priority() > Integer.MIN_VALUE);
            assertEquals(EXTRAS_BUNDLE, pipeline.operations(SyncStage.DESERIALIZING).get(0).bundleSymbolicName());

            properties.put("background.initialization", "true");
            configuration.update(properties);
            await("initialization joins serializing and queuing", () -> extrasStages().equals(EnumSet.of(
                    SyncStage.SERIALIZING, SyncStage.QUEUING, SyncStage.DESERIALIZING, SyncStage.CLEANUP)));

            // Refused, each with a log line; the previous configuration stays in force.
            Set<SyncStage> before = extrasStages();
            Dictionary<String, Object> yes = copy(properties);
            yes.put("background.finalization", "yes");
            Dictionary<String, Object> outOfRange = copy(properties);
            outOfRange.put("background.finalization.stages", "transferring,cleanup");
            Dictionary<String, Object> unknown = copy(properties);
            unknown.put("background.initialization.stages", "serializing,sleeping");
            for (Dictionary<String, Object> refused : List.of(yes, outOfRange, unknown)) {
                configuration.update(refused);
                Thread.sleep(500);
                assertEquals(before, extrasStages());
            }
            Dictionary<String, Object> moved = copy(properties);
            moved.put("background.finalization.stages", "dequeuing");
            configuration.update(moved);
            await("finalization moved to dequeuing", () -> extrasStages().equals(EnumSet.of(
                    SyncStage.SERIALIZING, SyncStage.QUEUING, SyncStage.DEQUEUING)));

            moved.put("background.initialization", "false");
            configuration.update(moved);
            await("initialization is off", () -> extrasStages().equals(EnumSet.of(SyncStage.DEQUEUING)));
        } finally {
            configuration.delete();
        }
        await("no configuration, no operations", () -> extrasStages().isEmpty());
    }

    @Test
    public void anInvalidFirstConfigurationContributesNothing() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("background.finalization", "yes");
            configuration.update(properties);
            Thread.sleep(1000);
            assertEquals(Set.of(), extrasStages());
        } finally {
            configuration.delete();
        }
    }

    @Test
    public void aDeferredStageRunsAsAJobInTheContainer() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        registerFallbackForEveryStage();
        registerOperation(context -> {
            threads.add(Thread.currentThread().getName());
            return StageResult.SKIPPED;
        }, 0, SyncStage.DESERIALIZING);
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("background.finalization", "true");
            configuration.update(properties);
            await("finalization is on", () -> extrasStages().contains(SyncStage.DESERIALIZING));

            // The server's side of a push: this node receives.
            TransferController transfer = begin(newTransfer().server().push()
                    .capabilities(Set.of("ASYNC_OPERATIONS")));
            assertEquals(TransferStatus.PENDING, transfer.proceedTo(SyncStage.DESERIALIZING));
            await("the job completed deserializing",
                    () -> transfer.proceedTo(SyncStage.DESERIALIZING) == TransferStatus.COMPLETED);
            assertEquals(1, threads.size());
            assertTrue(threads.get(0), threads.get(0).startsWith("facilitysync-extras-job-"));

            // A client's stages are never deferred.
            TransferController client = begin(newTransfer().client().push().capabilities(Set.of("ASYNC_OPERATIONS")));
            assertEquals(TransferStatus.COMPLETED, client.proceedTo(SyncStage.DESERIALIZING));
            assertEquals(2, threads.size());
            assertTrue(threads.get(1), !threads.get(1).startsWith("facilitysync-extras-job-"));
        } finally {
            configuration.delete();
        }
    }

    private boolean bundleIsActive() {
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            if (EXTRAS_BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle.getState() == org.osgi.framework.Bundle.ACTIVE;
            }
        }
        return false;
    }

    /** The stages in which the pipeline lists an operation of the extras bundle. */
    private Set<SyncStage> extrasStages() {
        Set<SyncStage> stages = EnumSet.noneOf(SyncStage.class);
        for (SyncStage stage : SyncStage.values()) {
            for (PipelineEntry entry : pipeline.operations(stage)) {
                if (EXTRAS_BUNDLE.equals(entry.bundleSymbolicName())) {
                    stages.add(stage);
                }
            }
        }
        return stages;
    }

    private PipelineEntry entry(SyncStage stage) {
        return pipeline.operations(stage).stream().filter(e -> EXTRAS_BUNDLE.equals(e.bundleSymbolicName()))
                .findFirst().orElseThrow();
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
