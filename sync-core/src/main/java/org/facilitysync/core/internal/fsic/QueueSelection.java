package org.facilitysync.core.internal.fsic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.facilitysync.api.SyncFilter;

/**
 * Which Store records a producer queues for a diff (the WHERE clause of Morango's {@code
 * _queue_into_buffer_v2} / {@code _v1}), as a predicate. Selection is by the record's latest
 * version stamp only, so tombstones (deleted, hard-deleted) travel like any other change. The
 * caller restricts the rows to the session's profile; the records' RecordMaxCounters go with
 * them.
 */
public final class QueueSelection {

    private QueueSelection() {
    }

    /**
     * v2: the row is queued when, for some diff partition P with instance I and counter r, its
     * partition starts with P, it was last saved by I, and at a counter above r.
     */
    public static boolean selectsV2(StoreRow row, PartitionCounters diff) {
        for (Map.Entry<String, Map<String, Long>> partition : diff.asMap().entrySet()) {
            if (!row.partition().startsWith(partition.getKey())) {
                continue;
            }
            Long receiverHas = partition.getValue().get(row.lastSavedInstance());
            if (receiverHas != null && row.lastSavedCounter() > receiverHas) {
                return true;
            }
        }
        return false;
    }

    /** The rows {@link #selectsV2} queues, in their given order. */
    public static List<StoreRow> selectV2(Collection<StoreRow> rows, PartitionCounters diff) {
        List<StoreRow> selected = new ArrayList<>();
        for (StoreRow row : rows) {
            if (selectsV2(row, diff)) {
                selected.add(row);
            }
        }
        return selected;
    }

    /**
     * v1: the row is queued when its partition starts with a filter partition, it was last saved by
     * an instance of the diff, at a counter above the diff's counter.
     */
    public static boolean selectsV1(StoreRow row, FsicV1 diff, SyncFilter filter) {
        Long receiverHas = diff.counters().get(row.lastSavedInstance());
        return receiverHas != null && row.lastSavedCounter() > receiverHas && filter.contains(row.partition());
    }
}
