package org.facilitysync.extras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.facilitysync.api.SessionAttributes;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who defers what: only this node's server side, in the role of its mode (the flaws of Kolibri's plugin
 * were deferring client-side stages and taking a pull's producer for a receiver), and only for a client
 * that polls. Everything else is skipped before any job is made.
 */
class BackgroundModeTest {

    @ParameterizedTest(name = "{0} {1} {2} async={3} at {4}: {5}")
    @CsvSource({
        // mode,          side,   direction, async, stage,         outcome
        "INITIALIZATION, server, pull, true,  serializing,   deferred",
        "INITIALIZATION, server, pull, true,  queuing,       deferred",
        "INITIALIZATION, server, pull, false, serializing,   skipped",
        "INITIALIZATION, server, push, true,  serializing,   skipped",
        "INITIALIZATION, client, push, true,  serializing,   skipped",
        "INITIALIZATION, client, pull, true,  queuing,       skipped",
        "INITIALIZATION, server, pull, true,  transferring,  skipped",
        "FINALIZATION,   server, push, true,  dequeuing,     deferred",
        "FINALIZATION,   server, push, true,  deserializing, deferred",
        "FINALIZATION,   server, push, true,  cleanup,       deferred",
        "FINALIZATION,   server, push, false, dequeuing,     skipped",
        "FINALIZATION,   server, pull, true,  dequeuing,     skipped",
        "FINALIZATION,   client, pull, true,  deserializing, skipped",
        "FINALIZATION,   client, push, true,  cleanup,       skipped",
        "FINALIZATION,   server, push, true,  transferring,  skipped",
    })
    void onlyTheServerSideOfItsRoleIsDeferred(BackgroundMode mode, String side, String direction, boolean async,
            String stage, String outcome) throws Exception {
        Map<String, String> config = Map.of("background.initialization", "true", "background.finalization", "true");
        try (BackgroundExtras extras = ExtrasConfig.extras(new NoPipeline(), config)) {
            Context context = new Context(SyncStage.fromWireName(stage), side.equals("server"), direction.equals("push"),
                    async ? Set.of(BackgroundMode.ASYNC_OPERATIONS) : Set.of());
            StageResult result = extras.operation(mode).handle(context);
            assertEquals(outcome.equals("deferred") ? StageResult.PENDING : StageResult.SKIPPED, result);
            assertEquals(outcome.equals("deferred"), !context.attributes.asMap().isEmpty(),
                    "a job is recorded exactly when the stage is deferred");
        }
    }

    /** A session as the controller would show it; its attributes in memory. */
    private static final class Context implements SyncContext {
        private final SyncStage stage;
        private final boolean server;
        private final boolean push;
        private final Set<String> capabilities;
        final MemoryAttributes attributes = new MemoryAttributes();

        Context(SyncStage stage, boolean server, boolean push, Set<String> capabilities) {
            this.stage = stage;
            this.server = server;
            this.push = push;
            this.capabilities = capabilities;
        }

        @Override public String syncSessionId() { return "sync-1"; }
        @Override public String transferSessionId() { return "transfer-1"; }
        @Override public SyncStage stage() { return stage; }
        @Override public TransferStatus status() { return TransferStatus.PENDING; }
        @Override public boolean isPush() { return push; }
        @Override public boolean isServer() { return server; }
        @Override public SyncFilter filter() { return SyncFilter.of("0123456789abcdef0123456789abcdef"); }
        @Override public Set<String> capabilities() { return capabilities; }
        @Override public Optional<String> error() { return Optional.empty(); }
        @Override public long recordsTotal() { return 0; }
        @Override public long recordsTransferred() { return 0; }
        @Override public SessionAttributes attributes() { return attributes; }
    }

    private static final class MemoryAttributes implements SessionAttributes {
        private final Map<String, String> values = new ConcurrentHashMap<>();
        @Override public Optional<String> get(String key) { return Optional.ofNullable(values.get(key)); }
        @Override public void put(String key, String value) { values.put(key, value); }
        @Override public void remove(String key) { values.remove(key); }
        @Override public Map<String, String> asMap() { return Map.copyOf(values); }
    }

    /** Jobs made here find no session (the pipeline has none) and fail quietly in the background. */
    private static final class NoPipeline implements SyncPipeline {
        @Override public java.util.List<org.facilitysync.api.execution.PipelineEntry> operations(SyncStage stage) {
            return java.util.List.of();
        }
        @Override public java.util.List<org.facilitysync.api.execution.PipelineEntry> hooks() { return java.util.List.of(); }
        @Override public org.facilitysync.api.execution.TransferController begin(org.facilitysync.api.execution.TransferRequest request) {
            throw new UnsupportedOperationException();
        }
        @Override public Optional<org.facilitysync.api.execution.TransferController> controller(String id) {
            return Optional.empty();
        }
    }
}
