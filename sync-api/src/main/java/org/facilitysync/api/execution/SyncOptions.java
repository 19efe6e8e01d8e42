package org.facilitysync.api.execution;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import org.facilitysync.api.TransferStatus;

/**
 * How a transfer runs: chunk size, overall deadline and progress reports.
 *
 * <p>A parameter object that can grow without breaking callers (as Felix's {@code HealthCheckSelector}):
 * start from {@link #defaults()} and change one option at a time with the {@code withX} methods, each of
 * which checks its value and returns new options. A new option is a new {@code withX} with a default, a
 * minor version of this package. Immutable.
 */
public final class SyncOptions {

    /** Morango's default chunk size. */
    public static final int DEFAULT_CHUNK_SIZE = 500;

    private final int chunkSize;
    private final Duration timeout;
    private final Consumer<SyncProgress> progress;

    private SyncOptions(int chunkSize, Duration timeout, Consumer<SyncProgress> progress) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, not " + chunkSize);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.chunkSize = chunkSize;
        this.timeout = timeout;
        this.progress = progress == null ? p -> { } : progress;
    }

    /** Records per transferred chunk (Morango's default is 500). */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * The overall deadline of one transfer; past it the transfer ends {@link TransferStatus#ERRORED} with
     * an error saying where it stood.
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Called on the syncing thread after every step (stage change, chunk); must be quick and must not
     * throw (an exception is logged and ignored). Never null.
     */
    public Consumer<SyncProgress> progress() {
        return progress;
    }

    @Override
    public String toString() {
        return "SyncOptions[chunkSize=" + chunkSize + ", timeout=" + timeout + "]";
    }

    /** Chunks of 500, a one-hour deadline, no progress reports. */
    public static SyncOptions defaults() {
        return new SyncOptions(DEFAULT_CHUNK_SIZE, Duration.ofHours(1), null);
    }

    public SyncOptions withChunkSize(int value) {
        return new SyncOptions(value, timeout, progress);
    }

    public SyncOptions withTimeout(Duration value) {
        return new SyncOptions(chunkSize, value, progress);
    }

    public SyncOptions withProgress(Consumer<SyncProgress> value) {
        return new SyncOptions(chunkSize, timeout, value);
    }
}
