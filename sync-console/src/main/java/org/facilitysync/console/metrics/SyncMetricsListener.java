package org.facilitysync.console.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncOperationStage;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Feeds {@link SyncMetrics} from the pipeline itself: a hook counts transfers as they begin and end, and an
 * operation asked first in every stage (it always skips) notes when each stage begins, which is when the
 * previous one ended. Per call it costs one map look-up; it never touches the database on the sync's path
 * except once per transfer, at its end.
 */
@Component(service = {FacilityDataSyncHook.class, SyncOperation.class})
@SyncOperationStage(stage = {SyncStage.INITIALIZING, SyncStage.SERIALIZING, SyncStage.QUEUING,
        SyncStage.TRANSFERRING, SyncStage.DEQUEUING, SyncStage.DESERIALIZING, SyncStage.CLEANUP},
        priority = Integer.MAX_VALUE)
public final class SyncMetricsListener implements FacilityDataSyncHook, SyncOperation {

    /** Transfers whose end this process never sees (it crashed, or another hub node finished them) are dropped past this. */
    private static final int MAX_TRACKED = 10_000;

    private final SyncMetrics metrics;
    private final Map<String, StageStart> stages = new ConcurrentHashMap<>();

    private record StageStart(SyncStage stage, long nanos) {
    }

    @Activate
    public SyncMetricsListener(@Reference SyncMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public StageResult handle(SyncContext context) {
        StageStart current = stages.get(context.transferSessionId());
        if (current == null || current.stage() != context.stage()) {
            long now = System.nanoTime();
            if (current != null) {
                metrics.stageTook(current.stage().wireName(), direction(context), role(context),
                        Duration.ofNanos(now - current.nanos()));
            } else if (stages.size() >= MAX_TRACKED) {
                stages.clear();
            }
            stages.put(context.transferSessionId(), new StageStart(context.stage(), now));
        }
        return StageResult.SKIPPED;
    }

    @Override
    public void preTransfer(TransferEvent event) {
        metrics.started(direction(event.context()), role(event.context()));
    }

    @Override
    public void postTransfer(TransferEvent event) {
        SyncContext context = event.context();
        StageStart last = stages.remove(context.transferSessionId());
        if (last != null) {
            metrics.stageTook(last.stage().wireName(), direction(context), role(context),
                    Duration.ofNanos(System.nanoTime() - last.nanos()));
        }
        metrics.ended(context.transferSessionId(), event.succeeded(), direction(context), role(context));
    }

    private static String direction(SyncContext context) {
        return context.isPush() ? "push" : "pull";
    }

    private static String role(SyncContext context) {
        return context.isServer() ? "server" : "client";
    }
}
