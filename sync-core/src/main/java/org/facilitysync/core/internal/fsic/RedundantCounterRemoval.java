package org.facilitysync.core.internal.fsic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Morango's {@code remove_redundant_instance_counters}: drops every counter that a proper-prefix
 * partition (in {@code super} or {@code sub}) already covers with the same instance and a counter
 * at least as high. Partitions left without counters stay as empty maps, because "this partition
 * is known" still matters to {@link FsicExpansion}.
 *
 * <p>As in Morango, a partition present in both halves is looked up with its {@code sub} counters
 * when it serves as the prefix of another partition.
 */
public final class RedundantCounterRemoval {

    private RedundantCounterRemoval() {
    }

    /** The FSIC without redundant counters. */
    public static FsicV2 apply(FsicV2 fsic) {
        PartitionCounters.Builder superBuilder = fsic.superPartitions().toBuilder();
        PartitionCounters.Builder subBuilder = fsic.subPartitions().toBuilder();

        // the counters the prefix partitions had before any removal: removal is monotone over
        // prefixes (a removed counter is covered by an even shorter prefix), so comparing against
        // the original counters gives the same result as Morango's in-place loop
        Map<String, Map<String, Long>> merged = new LinkedHashMap<>(fsic.superPartitions().asMap());
        merged.putAll(fsic.subPartitions().asMap());

        removeCovered(fsic.superPartitions(), superBuilder, merged);
        removeCovered(fsic.subPartitions(), subBuilder, merged);
        return new FsicV2(superBuilder.build(), subBuilder.build());
    }

    private static void removeCovered(PartitionCounters half, PartitionCounters.Builder builder,
                                      Map<String, Map<String, Long>> merged) {
        for (Map.Entry<String, Map<String, Long>> entry : half.asMap().entrySet()) {
            String partition = entry.getKey();
            for (String prefix : properPrefixes(partition, merged)) {
                for (Map.Entry<String, Long> covering : merged.get(prefix).entrySet()) {
                    Long own = entry.getValue().get(covering.getKey());
                    if (own != null && own <= covering.getValue()) {
                        builder.remove(partition, covering.getKey());
                    }
                }
            }
        }
    }

    private static List<String> properPrefixes(String partition, Map<String, ?> partitions) {
        List<String> prefixes = new ArrayList<>();
        for (String other : partitions.keySet()) {
            if (!other.equals(partition) && partition.startsWith(other)) {
                prefixes.add(other);
            }
        }
        return prefixes;
    }
}
