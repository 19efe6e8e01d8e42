package org.facilitysync.core.internal.fsic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Splits a v2 diff for the queue query (Morango's {@code chunk_fsic_v2}) and guards its size.
 *
 * <p>Each chunk becomes one SELECT of a UNION. A partition costs 1 from the chunk's budget and each
 * of its instances 1; partitions and instances are walked in sorted order (code point order, as
 * Python sorts strings); when the budget is used up before an instance, the chunk is closed and a
 * new one starts with the budget minus 1 (the partition is repeated there). Empty partitions cost 1
 * but never appear.
 */
public final class FsicChunking {

    /** Morango's queue chunk: at most this many partitions + instances per SELECT. */
    public static final int QUEUE_CHUNK_SIZE = 200;
    /** Morango's maximum number of UNIONed SELECTs in one queue statement. */
    public static final int SQL_UNION_MAX = 500;

    /** Python's string order: by code point (Java's {@code compareTo} orders UTF-16 units). */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private FsicChunking() {
    }

    /** The chunks of a diff, each with at most {@code chunkSize} partitions + instances. */
    public static List<PartitionCounters> chunk(PartitionCounters diff, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + chunkSize);
        }
        List<PartitionCounters> chunks = new ArrayList<>();
        PartitionCounters.Builder current = PartitionCounters.builder();
        boolean currentEmpty = true;
        int remaining = chunkSize;
        List<String> partitions = new ArrayList<>(diff.partitions());
        partitions.sort(CODE_POINT_ORDER);
        for (String partition : partitions) {
            Map<String, Long> instances = diff.countersOf(partition);
            remaining -= 1;
            List<String> instanceIds = new ArrayList<>(instances.keySet());
            instanceIds.sort(CODE_POINT_ORDER);
            for (String instance : instanceIds) {
                if (remaining <= 0) {
                    if (!currentEmpty) {
                        chunks.add(current.build());
                    }
                    current = PartitionCounters.builder();
                    currentEmpty = true;
                    remaining = chunkSize - 1;
                }
                current.put(partition, instance, instances.get(instance));
                currentEmpty = false;
                remaining -= 1;
            }
        }
        if (!currentEmpty) {
            chunks.add(current.build());
        }
        return chunks;
    }

    /**
     * Refuses a v2 diff whose partitions + instances reach {@code chunkSize * (SQL_UNION_MAX - 1)}
     * (one less because partitions split over chunks add one item per chunk).
     */
    public static void requireQueueableV2(PartitionCounters diff, int chunkSize) {
        int size = diff.partitionsPlusInstances();
        int limit = chunkSize * (SQL_UNION_MAX - 1);
        if (size >= limit) {
            throw new FsicLimitExceededException(
                    "Limit of " + limit + " instances + partitions exceeded with " + size);
        }
    }

    /** Refuses a v1 diff with {@code chunkSize * SQL_UNION_MAX} or more instance counters. */
    public static void requireQueueableV1(FsicV1 diff, int chunkSize) {
        int size = diff.counters().size();
        int limit = chunkSize * SQL_UNION_MAX;
        if (size >= limit) {
            throw new FsicLimitExceededException("Limit of " + limit + " instance counters exceeded with " + size);
        }
    }
}
