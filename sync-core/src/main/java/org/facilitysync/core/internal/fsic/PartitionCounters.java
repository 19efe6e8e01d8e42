package org.facilitysync.core.internal.fsic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A map partition → (instance id → counter), the building block of FSICs: one half ({@code super}
 * or {@code sub}) of a v2 FSIC, an expanded FSIC, or a diff. Immutable; keeps insertion order
 * because Morango's JSON text keeps it. {@link #equals} ignores order (JSON objects are unordered
 * for every reader, Morango's included).
 *
 * <p>A partition may map to an empty instance map: Morango keeps such entries to signal that the
 * partition is known (see {@link RedundantCounterRemoval}).
 */
public final class PartitionCounters {

    private static final PartitionCounters EMPTY = new PartitionCounters(new LinkedHashMap<>());

    private final Map<String, Map<String, Long>> counters;

    private PartitionCounters(LinkedHashMap<String, LinkedHashMap<String, Long>> mutable) {
        LinkedHashMap<String, Map<String, Long>> frozen = new LinkedHashMap<>();
        mutable.forEach((partition, instances) ->
                frozen.put(partition, Collections.unmodifiableMap(new LinkedHashMap<>(instances))));
        this.counters = Collections.unmodifiableMap(frozen);
    }

    /** No partitions at all. */
    public static PartitionCounters empty() {
        return EMPTY;
    }

    /** A copy of {@code counters}, in its iteration order. */
    public static PartitionCounters of(Map<String, ? extends Map<String, ? extends Number>> counters) {
        Builder builder = builder();
        counters.forEach((partition, instances) -> {
            builder.partition(partition);
            instances.forEach((instance, counter) -> builder.put(partition, instance, counter.longValue()));
        });
        return builder.build();
    }

    /** A builder that keeps insertion order. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting with this content, for derived values. */
    public Builder toBuilder() {
        Builder builder = builder();
        counters.forEach((partition, instances) -> {
            builder.partition(partition);
            instances.forEach((instance, counter) -> builder.put(partition, instance, counter));
        });
        return builder;
    }

    /** The partitions, in order. */
    public Set<String> partitions() {
        return counters.keySet();
    }

    /** The instance counters of a partition; empty when the partition is absent or empty. */
    public Map<String, Long> countersOf(String partition) {
        return counters.getOrDefault(partition, Map.of());
    }

    /** Whether the partition is present (possibly with no instances). */
    public boolean hasPartition(String partition) {
        return counters.containsKey(partition);
    }

    /** The whole map, read-only, in order. */
    public Map<String, Map<String, Long>> asMap() {
        return counters;
    }

    /** Whether there is no partition at all. */
    public boolean isEmpty() {
        return counters.isEmpty();
    }

    /**
     * Morango's size measure for queue limits: the number of partitions plus the number of
     * (partition, instance) counters.
     */
    public int partitionsPlusInstances() {
        int size = counters.size();
        for (Map<String, Long> instances : counters.values()) {
            size += instances.size();
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionCounters other && counters.equals(other.counters);
    }

    @Override
    public int hashCode() {
        return counters.hashCode();
    }

    /** The Morango JSON text (for diagnostics and tests). */
    @Override
    public String toString() {
        return FsicJson.write(this);
    }

    /** Accumulates partition counters in insertion order. */
    public static final class Builder {
        private final LinkedHashMap<String, LinkedHashMap<String, Long>> counters = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds the partition with no instances if it is not there yet. */
        public Builder partition(String partition) {
            Objects.requireNonNull(partition, "partition");
            counters.computeIfAbsent(partition, p -> new LinkedHashMap<>());
            return this;
        }

        /** Sets a counter (replacing an earlier one of the same partition and instance, in place). */
        public Builder put(String partition, String instanceId, long counter) {
            Objects.requireNonNull(instanceId, "instanceId");
            partition(partition);
            counters.get(partition).put(instanceId, counter);
            return this;
        }

        /** Removes one counter; the partition stays, possibly empty. */
        public Builder remove(String partition, String instanceId) {
            LinkedHashMap<String, Long> instances = counters.get(partition);
            if (instances != null) {
                instances.remove(instanceId);
            }
            return this;
        }

        /** Removes partitions that have no instances left. */
        public Builder removeEmptyPartitions() {
            counters.values().removeIf(Map::isEmpty);
            return this;
        }

        /** The counter, or null when absent. */
        public Long get(String partition, String instanceId) {
            LinkedHashMap<String, Long> instances = counters.get(partition);
            return instances == null ? null : instances.get(instanceId);
        }

        /** The immutable result. */
        public PartitionCounters build() {
            return counters.isEmpty() ? EMPTY : new PartitionCounters(counters);
        }
    }
}
