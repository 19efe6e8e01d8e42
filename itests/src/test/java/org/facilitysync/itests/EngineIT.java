package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.execution.SyncService;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The engine as the container runs it: SQLite through its DataSourceFactory, the schema, the model
 * registry following the facility profile bundle, the records service, and the engine's operations at
 * the lowest priority in every stage.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineIT {

    private static final String PROFILE = "facilitydata";

    @Inject
    private BundleContext context;

    @Inject
    private SyncPipeline pipeline;

    @Inject
    private SyncRecords records;

    @Inject
    private SyncService syncService;

    @Configuration
    public Option[] config() throws IOException {
        // Under target/, not /tmp: the node's home is left behind for a look after a failure, and `mvn clean`
        // removes it.
        File home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "engine-it-").toFile();
        return options(ContainerOptions.core(), ContainerOptions.nodeHome(home), ContainerOptions.sqlite(),
                ContainerOptions.fileBundle("bundle.facility-profile"));
    }


    @Test
    public void theEngineHandlesEveryStageAfterEveryPlugin() {
        for (SyncStage stage : SyncStage.values()) {
            List<PipelineEntry> operations = pipeline.operations(stage);
            assertTrue("the engine handles " + stage + ": " + operations, !operations.isEmpty());
            PipelineEntry last = operations.get(operations.size() - 1);
            assertEquals("org.facilitysync.core", last.bundleSymbolicName());
            assertEquals(SyncOperation.ENGINE_PRIORITY, last.priority());
        }
        assertTrue(syncService.sessions().isEmpty());
    }

    @Test
    public void recordsOfTheFacilityProfileAreWrittenAndTheModelsFollowTheirBundle() throws Exception {
        FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(60), 3);
        facility.records().forEach(record -> record.createIn(records));
        SyncRecord dataset = records.read(PROFILE, "facilitydataset", facility.datasetId()).orElseThrow();
        assertEquals(facility.datasetId() + ":allusers-ro", dataset.partition());
        assertEquals(1, records.count(PROFILE, "facilitydataset"));

        Bundle profile = installed("org.facilitysync.facility");
        profile.stop();
        try {
            awaitUnknownModel();
        } finally {
            profile.start();
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                assertEquals("records stay stored while their models come and go", 1,
                        records.count(PROFILE, "facilitydataset"));
                break;
            } catch (IllegalArgumentException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private void awaitUnknownModel() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                records.count(PROFILE, "facilitydataset");
            } catch (IllegalArgumentException unknown) {
                assertTrue(unknown.getMessage(), unknown.getMessage().contains("facilitydataset"));
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the facilitydataset model was still known 10 s after its bundle stopped");
    }

    private Bundle installed(String symbolicName) {
        return List.of(context.getBundles()).stream().filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " among "
                        + List.of(context.getBundles()).stream().map(Bundle::getSymbolicName)
                                .collect(Collectors.joining(", "))));
    }
}
