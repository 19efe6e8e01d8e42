package org.facilitysync.console.health;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.facilitysync.api.monitor.DatabaseStatus;
import org.facilitysync.api.monitor.SyncMonitor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The database answers, its schema is the one this node expects, and an embedded one has disk left. */
@Component(service = HealthCheck.class, configurationPid = DatabaseHealthCheck.PID, property = {
        HealthCheck.NAME + "=facilitysync database", HealthCheck.TAGS + "=" + NodeHealthChecks.TAG})
@Designate(ocd = DatabaseHealthCheck.Config.class)
public final class DatabaseHealthCheck implements HealthCheck {

    static final String PID = "org.facilitysync.console.health.database";

    @ObjectClassDefinition(name = "facilitysync health: database")
    public @interface Config {
        @AttributeDefinition(name = "Least free disk (MiB)", description = "Critical below this, on SQLite.")
        long min_free_megabytes() default 200;
    }

    private final SyncMonitor monitor;
    private volatile long minFreeBytes;

    @Activate
    public DatabaseHealthCheck(@Reference SyncMonitor monitor, Config config) {
        this.monitor = monitor;
        configure(config);
    }

    @Modified
    void configure(Config config) {
        minFreeBytes = config.min_free_megabytes() * 1024 * 1024;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        DatabaseStatus status = monitor.database();
        if (!status.reachable()) {
            log.critical("{} does not answer: {}", status.description(), status.problem());
            return new Result(log);
        }
        log.info("{} answers", status.description());
        if (status.schemaVersion() != status.expectedSchemaVersion()) {
            log.critical("schema version {} but this node expects {}", status.schemaVersion(),
                    status.expectedSchemaVersion());
        } else {
            log.info("schema version {}", status.schemaVersion());
        }
        if (status.freeBytes() >= 0) {
            long freeMib = status.freeBytes() / (1024 * 1024);
            if (status.freeBytes() < minFreeBytes) {
                log.critical("only {} MiB free on the database's disk (at least {} MiB wanted)", freeMib,
                        minFreeBytes / (1024 * 1024));
            } else {
                log.info("{} MiB free on the database's disk", freeMib);
            }
        }
        return new Result(log);
    }
}
