package org.facilitysync.extras;

import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;

/**
 * The two kinds of deferred work, each with the role it applies to and the stages it may take.
 *
 * <p>Roles come from the persisted session ({@link SyncContext}), never from who runs the code: Kolibri's
 * plugin mixed up producer and receiver for initialization, and deferred client-side stages too.
 */
enum BackgroundMode {

    /** Serializing and queuing of a pull this node serves: the server is the producer. */
    INITIALIZATION("background.initialization", "serializing,queuing") {
        @Override
        boolean allows(SyncStage stage) {
            return stage.isAfter(SyncStage.INITIALIZING) && stage.isBefore(SyncStage.TRANSFERRING);
        }

        @Override
        boolean appliesTo(SyncContext context) {
            return context.isServer() && context.isProducer();
        }

        @Override
        String allowedRange() {
            return "after initializing and before transferring (serializing, queuing)";
        }
    },

    /** Dequeuing, deserializing and cleanup of a push this node receives: the server is the receiver. */
    FINALIZATION("background.finalization", "dequeuing,deserializing,cleanup") {
        @Override
        boolean allows(SyncStage stage) {
            return stage.isAfter(SyncStage.TRANSFERRING);
        }

        @Override
        boolean appliesTo(SyncContext context) {
            return context.isServer() && context.isReceiver();
        }

        @Override
        String allowedRange() {
            return "after transferring (dequeuing, deserializing, cleanup)";
        }
    };

    /**
     * The capability a client needs to understand a PENDING answer and poll (Morango's async
     * operations); a client without it would take PENDING as an answer it cannot wait for.
     */
    static final String ASYNC_OPERATIONS = "ASYNC_OPERATIONS";

    private final String switchKey;
    private final String defaultStages;

    BackgroundMode(String switchKey, String defaultStages) {
        this.switchKey = switchKey;
        this.defaultStages = defaultStages;
    }

    /** The configuration key that switches this mode on. */
    String switchKey() {
        return switchKey;
    }

    /** The configuration key of this mode's stage list. */
    String stagesKey() {
        return switchKey + ".stages";
    }

    /** The stage list used when the configuration names none. */
    String defaultStages() {
        return defaultStages;
    }

    /** Whether {@code stage} may be deferred in this mode. */
    abstract boolean allows(SyncStage stage);

    /** Whether this node's role in the transfer is the one this mode defers work for. */
    abstract boolean appliesTo(SyncContext context);

    /** The stages {@link #allows} accepts, in words, for error messages. */
    abstract String allowedRange();

    /** Whether a stage of {@code context} is deferred in this mode: this node's role, and a client that polls. */
    boolean defers(SyncContext context) {
        return appliesTo(context) && context.hasCapability(ASYNC_OPERATIONS);
    }

    /** The lowercase name used in logs, job names and service descriptions. */
    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
