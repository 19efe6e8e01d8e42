package org.facilitysync.core.internal.fsic;

import java.util.Objects;

/**
 * A filter-specific instance counter in Morango's v2 format ({@code FSIC_V2_FORMAT}): what a node
 * has, per partition and instance, for the partitions of one transfer filter.
 *
 * @param superPartitions Morango's {@code "super"}: counters of partitions that are proper
 *     prefixes of a filter partition (they cover the filter partitions too)
 * @param subPartitions Morango's {@code "sub"}: counters of partitions inside the filter
 */
public record FsicV2(PartitionCounters superPartitions, PartitionCounters subPartitions) {

    /** The FSIC of a node that knows nothing: {@code {"super": {}, "sub": {}}}. */
    public static final FsicV2 EMPTY = new FsicV2(PartitionCounters.empty(), PartitionCounters.empty());

    public FsicV2 {
        Objects.requireNonNull(superPartitions, "superPartitions");
        Objects.requireNonNull(subPartitions, "subPartitions");
    }

    /** The Morango wire text, e.g. {@code {"super": {"": {"<instance>": 1}}, "sub": {}}}. */
    @Override
    public String toString() {
        return FsicJson.write(this);
    }
}
