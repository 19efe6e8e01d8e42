package org.facilitysync.core.internal.pipeline;

import java.util.Comparator;
import java.util.Objects;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.execution.PipelineEntry;

/**
 * A registered hook with its {@code service.ranking}.
 *
 * @param hook the service object
 * @param entry how operators see it (its priority is the ranking; no stages)
 * @param ranking the service's ranking; 0 unless {@code service.ranking} is an Integer (the spec rule)
 */
public record RankedHook(FacilityDataSyncHook hook, PipelineEntry entry, int ranking) {

    /** The order in which hooks are called: higher ranking first, then lower service.id. */
    public static final Comparator<RankedHook> ORDER = Comparator.comparingInt(RankedHook::ranking).reversed()
            .thenComparingLong(ranked -> ranked.entry().serviceId());

    public RankedHook {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(entry, "entry");
    }

    /** The hook's class and bundle, for log lines. */
    public String describe() {
        return entry.className() + " (bundle " + entry.bundleSymbolicName() + " " + entry.bundleVersion() + ")";
    }
}
