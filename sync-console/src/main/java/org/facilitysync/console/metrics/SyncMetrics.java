package org.facilitysync.console.metrics;

import java.time.Duration;
import java.util.List;

import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.BackgroundJob;
import org.facilitysync.api.monitor.SyncMonitor;
import org.facilitysync.api.monitor.TransferActivity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's meters, in one Prometheus registry. Counters and stage timers are fed by
 * {@link SyncMetricsListener} as syncs run (in memory, per process, as Prometheus expects); the gauges of
 * work in flight read the database through the {@link SyncMonitor} when scraped, so they show the whole
 * hub tier's state.
 */
@Component(service = SyncMetrics.class)
public final class SyncMetrics {

    /** Histogram buckets of stage durations: from a quick step to a stage of a large hub sync. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30)};

    private final SyncMonitor monitor;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmMemoryMetrics memory = new JvmMemoryMetrics();

    @Activate
    public SyncMetrics(@Reference SyncMonitor monitor) {
        this.monitor = monitor;
        memory.bindTo(registry);
        Gauge.builder("facilitysync.sessions.in.flight", this::sessionsInFlight)
                .description("Transfer sessions in progress (stored in the database)").register(registry);
        for (String state : List.of("queued", "running")) {
            Gauge.builder("facilitysync.background.jobs", () -> backgroundJobs(state)).tag("state", state)
                    .description("Background jobs (sync extras) by state").register(registry);
        }
    }

    @Deactivate
    void close() {
        registry.close();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    void started(String direction, String role) {
        counter("facilitysync.syncs.started", "Transfers begun", direction, role).increment();
    }

    /** A transfer ended: its outcome, and what it moved as the database recorded it. */
    void ended(String transferSessionId, boolean completed, String direction, String role) {
        counter(completed ? "facilitysync.syncs.completed" : "facilitysync.syncs.failed",
                completed ? "Transfers completed" : "Transfers that ended with an error", direction, role).increment();
        monitor.transfers(ActivityQuery.recent().withTransferSession(transferSessionId)).stream().findFirst()
                .ifPresent(this::moved);
    }

    void stageTook(String stage, String direction, String role, Duration took) {
        Timer.builder("facilitysync.stage.duration").description("Time from a stage's first step to the next stage's")
                .tags("stage", stage, "direction", direction, "role", role).serviceLevelObjectives(BUCKETS)
                .register(registry).record(took);
    }

    private void moved(TransferActivity transfer) {
        counter("facilitysync.records.transferred", "Records transferred", transfer.direction(), transfer.role())
                .increment(transfer.recordsTransferred());
        Counter.builder("facilitysync.bytes.transferred").description("Bytes sent and received by this node")
                .tags("direction", transfer.direction(), "role", transfer.role(), "way", "sent").register(registry)
                .increment(transfer.bytesSent());
        Counter.builder("facilitysync.bytes.transferred").description("Bytes sent and received by this node")
                .tags("direction", transfer.direction(), "role", transfer.role(), "way", "received").register(registry)
                .increment(transfer.bytesReceived());
    }

    private Counter counter(String name, String description, String direction, String role) {
        return Counter.builder(name).description(description).tags("direction", direction, "role", role).register(registry);
    }

    private double sessionsInFlight() {
        return monitor.transfers(ActivityQuery.recent().withInFlightOnly().withLimit(ActivityQuery.MAX_LIMIT)).size();
    }

    private double backgroundJobs(String state) {
        return monitor.backgroundJobs(ActivityQuery.recent().withInFlightOnly().withLimit(ActivityQuery.MAX_LIMIT))
                .stream().map(BackgroundJob::state).filter(state::equals).count();
    }
}
