package org.facilitysync.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.facilitysync.api.execution.SyncProgress;

/**
 * Shows a transfer's progress: on a terminal one line rewritten in place (stage, records done/total, bytes,
 * rate, ETA); otherwise a plain line at most every {@code interval} and at every stage change, so logs and
 * pipes get a readable record instead of carriage returns.
 */
final class ProgressLine implements Consumer<SyncProgress> {

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long began;

    private String lastStage = "";
    private long lastPrinted = Long.MIN_VALUE;
    private int lastWidth;
    private SyncProgress last;
    private SyncProgress lastPull;
    private SyncProgress lastPush;

    ProgressLine(PrintStream out, boolean terminal, Duration interval, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.began = clock.getAsLong();
    }

    ProgressLine(PrintStream out, boolean terminal) {
        this(out, terminal, terminal ? Duration.ofMillis(200) : Duration.ofSeconds(5), System::nanoTime);
    }

    @Override
    public void accept(SyncProgress progress) {
        last = progress;
        if (progress.push()) {
            lastPush = progress;
        } else {
            lastPull = progress;
        }
        long now = clock.getAsLong();
        String stage = (progress.push() ? "push " : "pull ") + progress.stage().wireName();
        boolean stageChanged = !stage.equals(lastStage);
        if (!stageChanged && now - lastPrinted < intervalNanos) {
            return;
        }
        lastStage = stage;
        lastPrinted = now;
        String text = describe(progress, now);
        if (terminal) {
            String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
            out.print("\r" + padded);
            lastWidth = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Ends the in-place line on a terminal, so what follows starts on a line of its own. */
    void finish() {
        if (terminal && lastWidth > 0) {
            out.println();
            out.flush();
            lastWidth = 0;
        }
    }

    String describe(SyncProgress p, long now) {
        StringBuilder text = new StringBuilder();
        text.append(p.push() ? "push " : "pull ").append(p.stage().wireName()).append(' ')
                .append(p.status().name().toLowerCase(Locale.ROOT));
        if (p.recordsTotal() > 0) {
            text.append(String.format(Locale.ROOT, "  %,d/%,d records", p.recordsTransferred(), p.recordsTotal()));
        }
        long bytes = p.bytesSent() + p.bytesReceived();
        if (bytes > 0) {
            text.append("  ").append(bytes(bytes));
        }
        double seconds = (now - began) / 1e9;
        if (p.recordsTransferred() > 0 && seconds > 0.05) {
            double rate = p.recordsTransferred() / seconds;
            text.append(String.format(Locale.ROOT, "  %,.0f records/s", rate));
            long left = p.recordsTotal() - p.recordsTransferred();
            if (left > 0 && rate > 0) {
                text.append("  ETA ").append(duration(Math.round(left / rate)));
            }
        }
        return text.toString();
    }

    SyncProgress last() {
        return last;
    }

    /**
     * Bytes on the wire of the last transfer in that direction, both ways. A sync's connection counts
     * from its start and the pull runs first, so a push's bytes are what came after the pull's.
     */
    long bytes(boolean push) {
        SyncProgress p = push ? lastPush : lastPull;
        if (p == null) {
            return 0;
        }
        long before = push && lastPull != null ? lastPull.bytesSent() + lastPull.bytesReceived() : 0;
        return Math.max(0, p.bytesSent() + p.bytesReceived() - before);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }
}
