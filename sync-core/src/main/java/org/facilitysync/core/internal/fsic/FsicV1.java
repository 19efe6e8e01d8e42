package org.facilitysync.core.internal.fsic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A filter-specific instance counter in Morango's legacy v1 format, {@code {instance_id: counter}}
 * for the whole filter, used with peers that lack {@code FSIC_V2_FORMAT}. Immutable, insertion
 * ordered; {@link #equals} ignores order.
 */
public record FsicV1(Map<String, Long> counters) {

    public FsicV1 {
        Objects.requireNonNull(counters, "counters");
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** The counter of an instance, 0 when absent (as Morango's {@code fsic.get(instance, 0)}). */
    public long counterOf(String instanceId) {
        return counters.getOrDefault(instanceId, 0L);
    }

    /** The Morango wire text. */
    @Override
    public String toString() {
        return FsicJson.write(this);
    }
}
