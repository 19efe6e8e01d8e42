package org.facilitysync.console.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
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
 * No transfer session in flight sits in its stage without activity for longer than the configured time (a
 * stage is PENDING while its operations run and STARTED while it waits for more steps; both count). A
 * chunked stage records activity at every chunk, so a long but moving transfer is not stuck.
 *
 * <p>WARN by default, so a hub whose client vanished mid-sync stays in its load balancer (WARN answers
 * 200); {@code stuck.critical = true} makes it CRITICAL (503).
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

        @AttributeDefinition(name = "Critical", description = "Report stuck sessions as CRITICAL (503) instead of WARN.")
        boolean stuck_critical() default false;
    }

    private final SyncMonitor monitor;
    private volatile Duration stuckAfter;
    private volatile boolean critical;

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
        critical = config.stuck_critical();
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Instant cutoff = Instant.now().minus(stuckAfter);
        List<TransferActivity> inFlight;
        try {
            inFlight = monitor.transfers(ActivityQuery.recent().withInFlightOnly().withLimit(ActivityQuery.MAX_LIMIT));
        } catch (RuntimeException unreadable) {
            // the database check says CRITICAL for this; here it only means "cannot tell"
            log.warn("cannot list the transfer sessions in flight: {}", unreadable.getMessage());
            return new Result(log);
        }
        int stuck = 0;
        for (TransferActivity transfer : inFlight) {
            if (transfer.lastActivity().isBefore(cutoff)) {
                stuck++;
                String message = "transfer session " + transfer.transferSessionId() + " (" + transfer.direction() + ", "
                        + transfer.role() + ", peer " + transfer.peer() + ") stuck in stage " + transfer.stage().wireName()
                        + " (" + transfer.status().wireName() + ") with no activity since " + transfer.lastActivity();
                if (critical) {
                    log.critical(message);
                } else {
                    log.warn(message);
                }
            }
        }
        if (stuck == 0) {
            log.info("{} transfer session(s) in flight, none without activity for {} s", inFlight.size(),
                    stuckAfter.toSeconds());
        }
        return new Result(log);
    }
}
