package org.facilitysync.core.internal.controller;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The clock and the sleeping a controller waits with; tests replace it to wait without real sleeps.
 */
public interface Pacer {

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Sleeps for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock and {@link Thread#sleep}. */
    static Pacer system() {
        return SystemPacer.INSTANCE;
    }

    /** The real clock and {@link Thread#sleep}. */
    enum SystemPacer implements Pacer {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
    }
}
