package org.facilitysync.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.facilitysync.api.execution.SyncProgress;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static SyncProgress at(SyncStage stage, long done, long total) {
        return new SyncProgress("t", false, stage, TransferStatus.PENDING, total, done, 0, done * 1000);
    }

    @Test
    void plainOutputPrintsStageChangesAndAtMostOneLinePerInterval() {
        ProgressLine line = new ProgressLine(out, false, Duration.ofSeconds(5), now::get);
        line.accept(at(SyncStage.QUEUING, 0, 0));
        now.set(Duration.ofSeconds(1).toNanos());
        line.accept(at(SyncStage.TRANSFERRING, 500, 2000));
        now.set(Duration.ofSeconds(2).toNanos());
        line.accept(at(SyncStage.TRANSFERRING, 1000, 2000)); // within the interval: not printed
        now.set(Duration.ofSeconds(7).toNanos());
        line.accept(at(SyncStage.TRANSFERRING, 1500, 2000));
        assertEquals("""
                pull queuing pending
                pull transferring pending  500/2,000 records  488.3 KiB  500 records/s  ETA 3s
                pull transferring pending  1,500/2,000 records  1.4 MiB  214 records/s  ETA 2s
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void terminalOutputRewritesOneLine() {
        ProgressLine line = new ProgressLine(out, true, Duration.ZERO, now::get);
        now.set(Duration.ofSeconds(1).toNanos());
        line.accept(at(SyncStage.TRANSFERRING, 1000, 1000));
        line.accept(at(SyncStage.DEQUEUING, 1000, 1000));
        line.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.chars().filter(c -> c == '\r').count());
        assertEquals(1, text.chars().filter(c -> c == '\n').count());
    }
}
