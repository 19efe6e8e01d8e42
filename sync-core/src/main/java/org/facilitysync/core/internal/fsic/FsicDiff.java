package org.facilitysync.core.internal.fsic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sender has that the receiver lacks (Morango's {@code calculate_directional_fsic_diff}
 * and {@code ..._v2}): for each sender counter, the receiver's counter for the same instance, when
 * it is lower. The result is the lower bound from which the sender queues: records last saved by
 * that instance with a higher counter.
 */
public final class FsicDiff {

    private FsicDiff() {
    }

    /**
     * The v2 diff of two expanded FSICs. For sender partition P and instance I with counter c, the
     * receiver's counter is the maximum over the receiver's partitions that are prefixes of P (P
     * itself included; longer receiver partitions do not count, they cover only part of P), 0 when
     * none; the diff has {@code P: {I: r}} when r < c.
     */
    public static PartitionCounters directionalV2(PartitionCounters sending, PartitionCounters receiving) {
        PartitionCounters.Builder diff = PartitionCounters.builder();
        for (Map.Entry<String, Map<String, Long>> partition : sending.asMap().entrySet()) {
            for (Map.Entry<String, Long> counter : partition.getValue().entrySet()) {
                long received = 0;
                for (Map.Entry<String, Map<String, Long>> candidate : receiving.asMap().entrySet()) {
                    if (partition.getKey().startsWith(candidate.getKey())) {
                        received = Math.max(received, candidate.getValue().getOrDefault(counter.getKey(), 0L));
                    }
                }
                if (received < counter.getValue()) {
                    diff.put(partition.getKey(), counter.getKey(), received);
                }
            }
        }
        return diff.build();
    }

    /** The v1 diff: {@code {I: r}} for every sender instance whose receiver counter r (0 if absent) is lower. */
    public static FsicV1 directionalV1(FsicV1 sending, FsicV1 receiving) {
        Map<String, Long> diff = new LinkedHashMap<>();
        sending.counters().forEach((instance, counter) -> {
            long received = receiving.counterOf(instance);
            if (received < counter) {
                diff.put(instance, received);
            }
        });
        return new FsicV1(diff);
    }
}
