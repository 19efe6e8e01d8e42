package org.facilitysync.core.internal.fsic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitysync.api.SyncFilter;

/**
 * A node's own FSIC for a filter, from its DatabaseMaxCounter rows (Morango's {@code
 * DatabaseMaxCounter.calculate_filter_specific_instance_counters}).
 *
 * <p>Prefix tests are case-sensitive {@link String#startsWith}. Morango on SQLite uses {@code LIKE},
 * which ignores ASCII case and treats {@code _} / {@code %} in a partition as wildcards in the v1
 * query; Morango partitions are lowercase hex ids and fixed words, so both agree in practice.
 */
public final class FsicCalculator {

    private FsicCalculator() {
    }

    /**
     * The v2 FSIC.
     *
     * <ol>
     *   <li>{@code sub}: DMC partitions that start with a filter partition; {@code super}: DMC
     *       partitions that are proper prefixes of a filter partition (with nested filter partitions
     *       one partition can be in both);</li>
     *   <li>a (partition, instance) counter is kept only if {@code presence} says the instance still
     *       appears under the partition (instance reduction; a partition whose counters all go is
     *       left out);</li>
     *   <li>{@link RedundantCounterRemoval redundant counters} are dropped.</li>
     * </ol>
     * Partitions and instances come in the order of the rows, as Morango's table scan gives them.
     */
    public static FsicV2 calculateV2(Collection<DatabaseMaxCounterRow> databaseMaxCounters, SyncFilter filter,
                                     InstancePresence presence) {
        Set<String> subPartitions = new LinkedHashSet<>();
        Set<String> superPartitions = new LinkedHashSet<>();
        for (DatabaseMaxCounterRow row : databaseMaxCounters) {
            for (String prefix : filter.partitions()) {
                if (row.partition().startsWith(prefix)) {
                    subPartitions.add(row.partition());
                }
                if (prefix.startsWith(row.partition()) && !prefix.equals(row.partition())) {
                    superPartitions.add(row.partition());
                }
            }
        }
        FsicV2 raw = new FsicV2(countersFor(superPartitions, databaseMaxCounters, presence),
                countersFor(subPartitions, databaseMaxCounters, presence));
        return RedundantCounterRemoval.apply(raw);
    }

    /**
     * The v1 FSIC: per filter partition, the maximum counter per instance over the DMC rows whose
     * partition is a prefix of it (itself included); then the producer takes the union of instances
     * with the maximum, the receiver the instances present for every filter partition with the
     * minimum. No instance reduction in v1.
     */
    public static FsicV1 calculateV1(Collection<DatabaseMaxCounterRow> databaseMaxCounters, SyncFilter filter,
                                     FsicSide side) {
        List<Map<String, Long>> perFilterPartition = new ArrayList<>();
        Set<String> allInstances = new LinkedHashSet<>();
        for (String prefix : filter.partitions()) {
            Map<String, Long> maxima = new LinkedHashMap<>();
            for (DatabaseMaxCounterRow row : databaseMaxCounters) {
                if (prefix.startsWith(row.partition())) {
                    maxima.merge(row.instanceId(), row.counter(), Math::max);
                }
            }
            perFilterPartition.add(maxima);
            allInstances.addAll(maxima.keySet());
        }
        Map<String, Long> result = new LinkedHashMap<>();
        for (String instance : allInstances) {
            if (side == FsicSide.PRODUCER) {
                long max = 0;
                for (Map<String, Long> maxima : perFilterPartition) {
                    max = Math.max(max, maxima.getOrDefault(instance, 0L));
                }
                result.put(instance, max);
            } else if (perFilterPartition.stream().allMatch(maxima -> maxima.containsKey(instance))) {
                long min = Long.MAX_VALUE;
                for (Map<String, Long> maxima : perFilterPartition) {
                    min = Math.min(min, maxima.get(instance));
                }
                result.put(instance, min);
            }
        }
        return new FsicV1(result);
    }

    private static PartitionCounters countersFor(Set<String> partitions,
                                                 Collection<DatabaseMaxCounterRow> databaseMaxCounters,
                                                 InstancePresence presence) {
        PartitionCounters.Builder builder = PartitionCounters.builder();
        for (DatabaseMaxCounterRow row : databaseMaxCounters) {
            if (partitions.contains(row.partition()) && presence.isPresent(row.partition(), row.instanceId())) {
                builder.put(row.partition(), row.instanceId(), row.counter());
            }
        }
        return builder.build();
    }
}
