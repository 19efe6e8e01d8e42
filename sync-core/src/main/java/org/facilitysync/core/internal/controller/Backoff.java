package org.facilitysync.core.internal.controller;

import java.time.Duration;

/** Morango's backoff between steps that made no progress: 0.3 × (2ⁿ − 1) seconds, capped. */
final class Backoff {

    private static final long BASE_MILLIS = 300;
    // Past this, 2ⁿ would overflow a long; every realistic cap has been reached long before.
    private static final int MAX_EXPONENT = 40;

    private Backoff() {
    }

    /**
     * The pause after {@code idleSteps} consecutive steps without progress.
     *
     * @param idleSteps at least 1
     * @param maxInterval the cap
     */
    static Duration pause(int idleSteps, Duration maxInterval) {
        if (idleSteps < 1) {
            throw new IllegalArgumentException("a pause follows at least one idle step, not " + idleSteps);
        }
        if (idleSteps >= MAX_EXPONENT) {
            return maxInterval;
        }
        Duration pause = Duration.ofMillis(BASE_MILLIS * ((1L << idleSteps) - 1));
        return pause.compareTo(maxInterval) > 0 ? maxInterval : pause;
    }
}
