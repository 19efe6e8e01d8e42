package org.facilitysync.core.internal.http.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often a call is tried: Morango's client retries with exponential backoff (urllib3
 * {@code Retry(total=7, backoff_factor=0.3)}); here the backoff starts at {@code initialDelay}, doubles
 * up to {@code maxDelay}, stops after {@code maxAttempts}, and every call ends within {@code deadline}
 * (each attempt gets at most {@code attemptTimeout} of it), so a dead peer gives an error in bounded time
 * instead of hanging a sync.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts, Duration deadline,
        Duration attemptTimeout) {

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= initialDelay <= maxDelay, got "
                    + initialDelay + " and " + maxDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (deadline.isZero() || deadline.isNegative() || attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("deadline and attemptTimeout must be positive, got " + deadline
                    + " and " + attemptTimeout);
        }
    }

    /**
     * 0.3 s doubling to 10 s, 8 attempts (Morango's 7 retries), at most 10 minutes per call: a request
     * that asks the peer to run a stage may legitimately take minutes on a large facility.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(300), Duration.ofSeconds(10), 8, Duration.ofMinutes(10),
                Duration.ofMinutes(10));
    }

    /** The delay before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration delayAfter(int attempt) {
        long millis = initialDelay.toMillis();
        for (int i = 1; i < attempt && millis < maxDelay.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
