package org.facilitysync.extras;

import static org.facilitysync.api.SyncStage.CLEANUP;
import static org.facilitysync.api.SyncStage.DEQUEUING;
import static org.facilitysync.api.SyncStage.DESERIALIZING;
import static org.facilitysync.api.SyncStage.QUEUING;
import static org.facilitysync.api.SyncStage.SERIALIZING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferController;
import org.facilitysync.api.execution.TransferRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configuration is read strictly: what FileInstall gives (strings), trimmed; anything doubtful refused. */
class ExtrasSettingsTest {

    @Test
    void noConfigurationMeansBothOffWithTheDocumentedDefaults() {
        ExtrasSettings settings = ExtrasConfig.settings(Map.of());
        assertFalse(settings.initialization());
        assertFalse(settings.finalization());
        assertEquals(Set.of(SERIALIZING, QUEUING), settings.initializationStages());
        assertEquals(Set.of(DEQUEUING, DESERIALIZING, CLEANUP), settings.finalizationStages());
        assertEquals(2, settings.workers());
        assertEquals(Duration.ofMinutes(30), settings.jobTimeout());
        assertEquals(ExtrasSettings.OFF, settings);
    }

    @Test
    void untypedValuesAreTrimmed() {
        ExtrasSettings settings = ExtrasConfig.settings(Map.of(
                "background.initialization", " TRUE ",
                "background.initialization.stages", "  queuing ",
                "background.finalization", "true\t",
                "background.finalization.stages", " cleanup , Deserializing",
                "background.workers", " 3 ",
                "background.job.timeout.seconds", "90 "));
        assertTrue(settings.defers(BackgroundMode.INITIALIZATION, QUEUING));
        assertFalse(settings.defers(BackgroundMode.INITIALIZATION, SERIALIZING));
        assertEquals(Set.of(DESERIALIZING, CLEANUP), settings.finalizationStages());
        assertArrayEquals(new String[] {"deserializing", "cleanup"}, settings.stageNames(BackgroundMode.FINALIZATION),
                "stage order, whatever the order written");
        assertEquals(3, settings.workers());
        assertEquals(Duration.ofSeconds(90), settings.jobTimeout());
    }

    @Test
    void typedValuesFromConfigAdminAreAcceptedToo() {
        ExtrasSettings settings = ExtrasConfig.settings(Map.of("background.finalization", Boolean.TRUE,
                "background.finalization.stages", new String[] {"dequeuing", " cleanup"},
                "background.workers", 4, "background.job.timeout.seconds", 60L));
        assertEquals(Set.of(DEQUEUING, CLEANUP), settings.finalizationStages());
        assertTrue(settings.finalization());
        assertEquals(4, settings.workers());
    }

    @Test
    void aStageListOfAModeThatIsOffIsStillChecked() {
        assertThrows(InvalidSettingException.class,
                () -> ExtrasConfig.settings(Map.of("background.initialization.stages", "bogus")));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = ';', value = {
        "background.initialization; yes; expected true or false",
        "background.finalization; 1; expected true or false",
        "background.finalization; ''; expected true or false",
        "background.initialization.stages; serializing,bogus; unknown stage 'bogus'",
        "background.initialization.stages; initializing; cannot run as background initialization",
        "background.initialization.stages; transferring; cannot run as background initialization",
        "background.initialization.stages; cleanup; cannot run as background initialization",
        "background.finalization.stages; transferring,cleanup; cannot run as background finalization",
        "background.finalization.stages; serializing; cannot run as background finalization",
        "background.finalization.stages; dequeuing,,cleanup; an empty stage name",
        "background.finalization.stages; ' '; an empty stage name",
        "background.workers; 0; expected a whole number from 1 to 64",
        "background.workers; two; expected a whole number from 1 to 64",
        "background.job.timeout.seconds; -5; expected a whole number from 1",
    })
    void anUnusableValueIsRefusedNamingKeyAndValue(String key, String value, String reason) {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> ExtrasConfig.settings(Map.of(key, value)));
        assertEquals(key, refused.key());
        assertEquals(value, refused.value());
        assertTrue(refused.getMessage().contains("'" + key + "'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'" + value + "'"), refused.getMessage());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    @Test
    void anInvalidConfigurationKeepsThePreviousOneInForce() {
        try (BackgroundExtras extras = ExtrasConfig.extras(new NoPipeline(), Map.of(
                "background.finalization", "true", "background.finalization.stages", "deserializing"))) {
            ExtrasSettings valid = extras.settings();
            assertTrue(valid.defers(BackgroundMode.FINALIZATION, DESERIALIZING));

            assertFalse(ExtrasConfig.apply(extras, Map.of("background.finalization", "yes")));
            assertEquals(valid, extras.settings());
            assertFalse(ExtrasConfig.apply(extras, Map.of("background.finalization", "true",
                    "background.finalization.stages", "deserializing,transferring")));
            assertEquals(valid, extras.settings());

            assertTrue(ExtrasConfig.apply(extras, Map.of("background.finalization", "false")));
            assertFalse(extras.settings().finalization());
        }
    }

    @Test
    void unknownBackgroundKeysAreFoundSoTheyCanBeReported() {
        Map<String, String> config = Map.of("background.finalisation", "true", "background.finalization", "true",
                "felix.fileinstall.filename", "file:/x/org.facilitysync.extras.cfg");
        assertEquals(Set.of("background.finalisation"), ExtrasSettings.unknownKeys(config.keySet()));
        assertTrue(ExtrasConfig.settings(config).finalization());
    }

    @Test
    void anInvalidFirstConfigurationLeavesEverythingOff() {
        try (BackgroundExtras extras = ExtrasConfig.extras(new NoPipeline(),
                Map.of("background.initialization", "yes"))) {
            assertEquals(ExtrasSettings.OFF, extras.settings());
        }
    }

    @Test
    void jobRecordsSurviveTheirTextForm() {
        java.time.Instant started = java.time.Instant.parse("2026-01-02T03:04:05Z");
        JobRecord failed = JobRecord.running(started, "node-a", started.plusSeconds(15))
                .failed("boom | with a bar", false);
        assertEquals(failed, JobRecord.parse("k", failed.encode()));
        assertEquals(new JobRecord(JobRecord.State.FAILED, started, true, "", java.time.Instant.EPOCH, "old | error"),
                JobRecord.parse("k", "FAILED|2026-01-02T03:04:05Z|true|old | error"), "a record written before hub tiers");
        JobRecord running = JobRecord.running(started, "node-a", started.plusSeconds(15));
        assertTrue(running.heldElsewhere("node-b", started.plusSeconds(14)), "another node's live lease");
        assertFalse(running.heldElsewhere("node-b", started.plusSeconds(16)), "a lease that ran out: take it over");
        assertFalse(running.heldElsewhere("node-a", started), "its own job");
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> JobRecord.parse("k", "RUNNING"));
        assertTrue(bad.getMessage().contains("'k'"), bad.getMessage());
    }

    /** The extras need a pipeline only to run jobs; these tests run none. */
    private static final class NoPipeline implements SyncPipeline {
        @Override public List<PipelineEntry> operations(SyncStage stage) { return List.of(); }
        @Override public List<PipelineEntry> hooks() { return List.of(); }
        @Override public TransferController begin(TransferRequest request) { throw new UnsupportedOperationException(); }
        @Override public Optional<TransferController> controller(String id) { return Optional.empty(); }
    }
}
