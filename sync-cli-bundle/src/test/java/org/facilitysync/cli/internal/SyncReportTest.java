package org.facilitysync.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.facility.FacilitySyncException;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.junit.jupiter.api.Test;

class SyncReportTest {

    private static TransferResult result(boolean push, Map<String, Long> unknown) {
        return new TransferResult("s", push ? "p" : "l", push, TransferStatus.COMPLETED, null, SyncStage.CLEANUP, 120,
                Duration.ofSeconds(2), Map.of(SyncStage.TRANSFERRING, Duration.ofSeconds(1)), unknown);
    }

    @Test
    void theSummaryCountsRecordsOfModelsThisNodeDoesNotKnow() {
        ProgressLine progress = new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false);
        String report = SyncCommands.report(new FacilitySyncResult("s", "d",
                Optional.of(result(false, Map.of("futuremodel", 7L))), Optional.of(result(true, Map.of()))), progress);
        assertEquals("""
                pull completed: 120 records in 2.00 s (60 records/s), 0 bytes on the wire; seconds per stage: \
                transferring 1.00; 7 records of models this node does not know {futuremodel=7}, kept in the Store and \
                passed on
                push completed: 120 records in 2.00 s (60 records/s), 0 bytes on the wire; seconds per stage: \
                transferring 1.00
                sync session s (dataset d)""", report.replace(System.lineSeparator(), "\n"));
    }

    private static ProgressLine quiet() {
        return new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    }

    private static FacilitySyncResult failedPull(String error) {
        return new FacilitySyncResult("own", "d", Optional.of(new TransferResult("own", "t", false,
                TransferStatus.ERRORED, error, SyncStage.INITIALIZING, 0, Duration.ZERO, Map.of())), Optional.empty());
    }

    @Test
    void aFailedSyncNamesItsOwnResumeCommand() {
        FacilitySyncException thrown = assertThrows(FacilitySyncException.class,
                () -> SyncCommands.report(failedPull("pull failed at stage transferring: peer gone"), quiet()));
        assertEquals("pull failed at stage transferring: peer gone (resume with: sync:resume --id own)",
                thrown.getMessage());
    }

    @Test
    void aSyncRefusedBecauseAnotherRunsNamesOnlyTheRunningOnesResumeCommand() {
        String refusal = "another pull of 'f' with http://hub/ is running on this node: transfer session t0 (at stage"
                + " transferring, last active 2026-01-01T00:00:00Z); wait for it to end, or if its process is gone"
                + " resume it with sync:resume --id running";
        FacilitySyncException thrown = assertThrows(FacilitySyncException.class,
                () -> SyncCommands.report(failedPull(refusal), quiet()));
        assertEquals(refusal, thrown.getMessage());
    }
}
