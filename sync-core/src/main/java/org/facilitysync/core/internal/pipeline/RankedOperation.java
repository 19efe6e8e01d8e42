package org.facilitysync.core.internal.pipeline;

import java.util.Comparator;
import java.util.Objects;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncOperation;

/**
 * A registered operation with its effective priority and stages.
 *
 * @param operation the service object
 * @param entry how operators see it; its priority and stages are the parsed, effective ones
 */
public record RankedOperation(SyncOperation operation, PipelineEntry entry) {

    /** The order in which a stage asks its operations: higher priority first, then lower service.id. */
    public static final Comparator<RankedOperation> ORDER = Comparator
            .comparingInt((RankedOperation ranked) -> ranked.entry().priority()).reversed()
            .thenComparingLong(ranked -> ranked.entry().serviceId());

    public RankedOperation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(entry, "entry");
    }

    /** The operation's class and bundle, for log lines and error messages. */
    public String describe() {
        return entry.className() + " (bundle " + entry.bundleSymbolicName() + " " + entry.bundleVersion() + ")";
    }
}
