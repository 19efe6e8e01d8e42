package org.facilitysync.console.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.BackgroundJob;
import org.facilitysync.api.monitor.SyncMonitor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * No background job failed recently. A WARN, not CRITICAL: the node still serves, and the client resumes
 * the failed stage; an operator should look at why.
 */
@Component(service = HealthCheck.class, configurationPid = BackgroundJobsHealthCheck.PID, property = {
        HealthCheck.NAME + "=facilitysync background jobs", HealthCheck.TAGS + "=" + NodeHealthChecks.TAG})
@Designate(ocd = BackgroundJobsHealthCheck.Config.class)
public final class BackgroundJobsHealthCheck implements HealthCheck {

    static final String PID = "org.facilitysync.console.health.jobs";

    @ObjectClassDefinition(name = "facilitysync health: background jobs")
    public @interface Config {
        @AttributeDefinition(name = "Window (hours)", description = "Jobs that failed within this time count.")
        long window_hours() default 24;
    }

    private final SyncMonitor monitor;
    private volatile Duration window;

    @Activate
    public BackgroundJobsHealthCheck(@Reference SyncMonitor monitor, Config config) {
        this.monitor = monitor;
        configure(config);
    }

    @Modified
    void configure(Config config) {
        window = Duration.ofHours(Math.max(1, config.window_hours()));
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        List<BackgroundJob> failed;
        try {
            failed = monitor.backgroundJobs(ActivityQuery.recent().withFailedOnly().withSince(Instant.now().minus(window)));
        } catch (RuntimeException unreadable) {
            // the database check says CRITICAL for this; here it only means "cannot tell"
            log.warn("cannot list the background jobs: {}", unreadable.getMessage());
            return new Result(log);
        }
        for (BackgroundJob job : failed) {
            log.warn("background job of stage {} of transfer session {} failed: {}", job.stage().wireName(),
                    job.transferSessionId(), job.error());
        }
        if (failed.isEmpty()) {
            long running = monitor.backgroundJobs(ActivityQuery.recent().withInFlightOnly()).size();
            log.info("no background job failed in the last {} h; {} queued or running", window.toHours(), running);
        }
        return new Result(log);
    }
}
