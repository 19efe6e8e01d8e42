package org.facilitysync.core.internal.http.server;

/** A stage that errored while a request ran it: Morango answers 500; the cause is logged. */
final class StageErroredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StageErroredException(String message) {
        super(message);
    }
}
