package org.facilitysync.api.execution;

import org.facilitysync.api.TransferStatus;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a transfer runs.
 *
 * @param chunkSize records per transferred chunk (Morango's default is 500)
 * @param timeout the overall deadline of one transfer; past it the transfer ends
 *        {@link TransferStatus#ERRORED} with an error saying where it stood
 * @param progress called on the syncing thread after every step (stage change, chunk); must be quick
 *        and must not throw (an exception is logged and ignored)
 */
public record SyncOptions(int chunkSize, Duration timeout, Consumer<SyncProgress> progress) {

    /** Morango's default chunk size. */
    public static final int DEFAULT_CHUNK_SIZE = 500;

    public SyncOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, not " + chunkSize);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        progress = progress == null ? p -> { } : progress;
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
