package org.facilitysync.console.health;

import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Every one of the seven stages has an operation that can handle it; a stage without one errors every sync. */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=facilitysync pipeline", HealthCheck.TAGS + "=" + NodeHealthChecks.TAG})
public final class PipelineHealthCheck implements HealthCheck {

    private final SyncPipeline pipeline;

    @Activate
    public PipelineHealthCheck(@Reference SyncPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        for (SyncStage stage : SyncStage.values()) {
            List<PipelineEntry> handlers = pipeline.operations(stage).stream()
                    .filter(entry -> !entry.bundleSymbolicName().equals(NodeHealthChecks.CONSOLE_BUNDLE)).toList();
            if (handlers.isEmpty()) {
                log.critical("stage {} has no operation: every sync would fail there", stage.wireName());
            } else {
                log.info("stage {}: {} operation(s), last {} of {}", stage.wireName(), handlers.size(),
                        handlers.get(handlers.size() - 1).className(), handlers.get(handlers.size() - 1).bundleSymbolicName());
            }
        }
        return new Result(log);
    }
}
