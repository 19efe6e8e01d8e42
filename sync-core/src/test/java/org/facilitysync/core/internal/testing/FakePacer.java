package org.facilitysync.core.internal.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.facilitysync.core.internal.controller.Pacer;

/** A clock that only moves when the controller sleeps, recording every sleep. */
public final class FakePacer implements Pacer {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    /** The sleeps so far, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Moves the clock as if a step took {@code duration}. */
    public void advance(Duration duration) {
        now += duration.toNanos();
    }

    /** Seconds as a Duration, for readable expectations: {@code seconds(0.3, 0.9, 2.1)}. */
    public static List<Duration> seconds(double... values) {
        return java.util.Arrays.stream(values).mapToObj(value -> Duration.ofMillis(Math.round(value * 1000))).toList();
    }
}
