package org.facilitysync.core.internal.fsic;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.facilitysync.api.SyncFilter;

/**
 * Morango's {@code expand_fsic_for_use}: turns a received v2 FSIC into the per-partition counters
 * the queue compares, by pushing the {@code super} counters down into the {@code sub} partitions.
 *
 * <ol>
 *   <li>every filter partition missing from {@code sub} is added, empty;</li>
 *   <li>each {@code sub} partition that is not itself under another {@code sub} partition takes, per
 *       instance, the maximum with every {@code super} partition that is its prefix (nested
 *       {@code sub} partitions do not inherit: their parent {@code sub} partition already covers
 *       them in the diff);</li>
 *   <li>empty partitions are dropped; {@code super} is discarded.</li>
 * </ol>
 */
public final class FsicExpansion {

    private FsicExpansion() {
    }

    /** The expanded counters. */
    public static PartitionCounters expandForUse(FsicV2 fsic, SyncFilter filter) {
        PartitionCounters.Builder sub = fsic.subPartitions().toBuilder();
        for (String partition : filter.partitions()) {
            sub.partition(partition);
        }
        PartitionCounters withFilter = sub.build();
        Set<String> subordinates = subordinates(withFilter.partitions());

        PartitionCounters.Builder expanded = withFilter.toBuilder();
        for (String partition : withFilter.partitions()) {
            if (subordinates.contains(partition)) {
                continue;
            }
            for (Map.Entry<String, Map<String, Long>> superEntry : fsic.superPartitions().asMap().entrySet()) {
                if (!partition.startsWith(superEntry.getKey())) {
                    continue;
                }
                for (Map.Entry<String, Long> counter : superEntry.getValue().entrySet()) {
                    Long own = expanded.get(partition, counter.getKey());
                    if (counter.getValue() > (own == null ? 0L : own)) {
                        expanded.put(partition, counter.getKey(), counter.getValue());
                    }
                }
            }
        }
        return expanded.removeEmptyPartitions().build();
    }

    /**
     * Rejects an FSIC whose {@code sub} names a partition outside the filter; Morango checks both
     * sides' FSICs this way before queuing.
     */
    public static void requireSubPartitionsInFilter(FsicV2 fsic, SyncFilter filter) {
        for (String partition : fsic.subPartitions().partitions()) {
            if (!filter.contains(partition)) {
                throw new InvalidFsicPartitionException(partition, filter.toString());
            }
        }
    }

    private static Set<String> subordinates(Set<String> partitions) {
        Set<String> subordinates = new HashSet<>();
        for (String partition : partitions) {
            for (String other : partitions) {
                if (!partition.equals(other) && partition.startsWith(other)) {
                    subordinates.add(partition);
                }
            }
        }
        return subordinates;
    }
}
