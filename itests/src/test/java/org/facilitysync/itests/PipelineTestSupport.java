package org.facilitysync.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.execution.TransferRequest;
import org.junit.After;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What every Pax Exam test of the pipeline shares: the container (real Felix with SCR, ConfigAdmin,
 * slf4j 2 through SPI Fly, the API, the core and the example plugin), service registration that is
 * undone after each test, and small operations and hooks that record what they were asked.
 */
public abstract class PipelineTestSupport {

    /** Below every plugin and above the engine: completes any stage nobody else handled. */
    static final int FALLBACK_PRIORITY = -1_000_000;

    @Inject
    protected BundleContext context;

    @Inject
    protected SyncPipeline pipeline;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return options(ContainerOptions.core(), ContainerOptions.fileBundle("bundle.hello-plugin"));
    }


    @After
    public void unregisterTestServices() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the test unregistered it itself
            }
        }
        registrations.clear();
    }

    protected ServiceRegistration<SyncOperation> registerOperation(SyncOperation operation, Object priority,
            SyncStage... stages) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SyncOperation.STAGE,
                Arrays.stream(stages).map(SyncStage::wireName).toArray(String[]::new));
        if (priority != null) {
            properties.put(SyncOperation.PRIORITY, priority);
        }
        ServiceRegistration<SyncOperation> registration =
                context.registerService(SyncOperation.class, operation, properties);
        registrations.add(registration);
        return registration;
    }

    protected ServiceRegistration<FacilityDataSyncHook> registerHook(FacilityDataSyncHook hook) {
        ServiceRegistration<FacilityDataSyncHook> registration =
                context.registerService(FacilityDataSyncHook.class, hook, new Hashtable<>());
        registrations.add(registration);
        return registration;
    }

    /** Completes every stage that no other operation handles, so a transfer can run end to end. */
    protected void registerFallbackForEveryStage() {
        registerOperation(context -> StageResult.COMPLETED, FALLBACK_PRIORITY, SyncStage.values());
    }

    protected static long serviceId(ServiceRegistration<?> registration) {
        return (Long) registration.getReference().getProperty("service.id");
    }

    protected List<Long> operationIds(SyncStage stage) {
        return pipeline.operations(stage).stream().map(PipelineEntry::serviceId).collect(Collectors.toList());
    }

    protected List<String> operationBundles(SyncStage stage) {
        return pipeline.operations(stage).stream().map(PipelineEntry::bundleSymbolicName)
                .collect(Collectors.toList());
    }

    protected TransferController begin(TransferRequest.Builder builder) {
        return pipeline.begin(builder.build());
    }

    protected static TransferRequest.Builder newTransfer() {
        return TransferRequest.builder(newId(), newId()).datasetId(newId());
    }

    protected static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Polls until the condition holds: service and configuration changes reach SCR asynchronously. */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after 10 s waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** An operation that notes its name in a shared journal and answers a fixed result. */
    protected static SyncOperation recording(String name, List<String> journal, StageResult result) {
        return context -> {
            journal.add(name + "@" + context.stage().wireName());
            return result;
        };
    }

    protected static List<String> journal() {
        return new CopyOnWriteArrayList<>();
    }

    /** A hook that notes every call in a shared journal. */
    protected static final class RecordingHook implements FacilityDataSyncHook {
        final List<String> calls = journal();

        @Override
        public void preTransfer(org.facilitysync.api.TransferEvent event) {
            calls.add("pre:" + event.context().transferSessionId());
        }

        @Override
        public void postTransfer(org.facilitysync.api.TransferEvent event) {
            calls.add("post:" + event.context().transferSessionId() + ":" + event.outcome().wireName());
        }
    }

    /** A hook that always throws, to show hooks cannot break a sync. */
    protected static final class ExplodingHook implements FacilityDataSyncHook {
        @Override
        public void preTransfer(org.facilitysync.api.TransferEvent event) {
            throw new IllegalStateException("pre-transfer hook exploded on purpose");
        }

        @Override
        public void postTransfer(org.facilitysync.api.TransferEvent event) {
            throw new IllegalStateException("post-transfer hook exploded on purpose");
        }
    }

    protected static SyncContext contextOf(TransferController controller) {
        return controller.context();
    }
}
