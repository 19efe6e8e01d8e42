package org.facilitysync.console.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.SyncMonitor;
import org.facilitysync.api.monitor.TransferActivity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * No transfer session sits in a STARTED stage without progress for longer than the configured time. A
 * chunked stage records activity at every chunk, so a long but moving transfer is not stuck.
 */
@Component(service = HealthCheck.class, configurationPid = StuckSessionsHealthCheck.PID, property = {
        HealthCheck.NAME + "=facilitysync stuck sessions", HealthCheck.TAGS + "=" + NodeHealthChecks.TAG})
@Designate(ocd = StuckSessionsHealthCheck.Config.class)
public final class StuckSessionsHealthCheck implements HealthCheck {

    static final String PID = "org.facilitysync.console.health.stuck";

    @ObjectClassDefinition(name = "facilitysync health: stuck sessions")
    public @interface Config {
        @AttributeDefinition(name = "Stuck after (seconds)", description = "A stage STARTED with no activity for"
                + " longer than this is stuck.")
        long stuck_after_seconds() default 600;
    }

    private final SyncMonitor monitor;
    private volatile Duration stuckAfter;

    @Activate
    public StuckSessionsHealthCheck(@Reference SyncMonitor monitor, Config config) {
        this.monitor = monitor;
        configure(config);
    }

    @Modified
    void configure(Config config) {
        if (config.stuck_after_seconds() < 1) {
            throw new IllegalArgumentException(PID + ": stuck.after.seconds must be at least 1, got "
                    + config.stuck_after_seconds());
        }
        stuckAfter = Duration.ofSeconds(config.stuck_after_seconds());
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Instant cutoff = Instant.now().minus(stuckAfter);
        List<TransferActivity> inFlight = monitor.transfers(ActivityQuery.recent().withInFlightOnly()
                .withLimit(ActivityQuery.MAX_LIMIT));
        int stuck = 0;
        for (TransferActivity transfer : inFlight) {
            if (transfer.status() == TransferStatus.STARTED && transfer.lastActivity().isBefore(cutoff)) {
                stuck++;
                log.critical("transfer session {} ({} {} with {}) stuck in stage {} since {}", transfer.transferSessionId(),
                        transfer.direction(), transfer.role(), transfer.peer(), transfer.stage().wireName(),
                        transfer.lastActivity());
            }
        }
        if (stuck == 0) {
            log.info("{} transfer session(s) in flight, none without activity for {} s", inFlight.size(),
                    stuckAfter.toSeconds());
        }
        return new Result(log);
    }
}
