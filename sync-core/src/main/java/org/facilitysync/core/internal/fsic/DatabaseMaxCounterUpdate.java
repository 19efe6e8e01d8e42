package org.facilitysync.core.internal.fsic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitysync.api.SyncFilter;

/**
 * The DatabaseMaxCounter writes a receiver makes after dequeuing a transfer's records (Morango's
 * {@code DatabaseMaxCounter.update_fsics}; callers do it only when records were transferred).
 *
 * <p><b>Deliberate difference:</b> we never lower a counter. Morango 0.8.2 v2 compares against a
 * constant key ({@code internal_fsic.get("part", ...)}), so it overwrites even a higher local
 * counter, and its v1 path overwrites each filter partition's row with the sender's value once the
 * instance is new for the whole filter. A lowered counter only makes a later sync re-send records
 * the node already has; keeping the maximum is what the counters mean ("everything up to here").
 */
public final class DatabaseMaxCounterUpdate {

    private DatabaseMaxCounterUpdate() {
    }

    /** v2: every counter of the sender's {@code sub} (its {@code super} is ignored) that raises ours. */
    public static List<DatabaseMaxCounterRow> upsertsV2(Collection<DatabaseMaxCounterRow> current, FsicV2 senderFsic) {
        Map<Key, Long> existing = index(current);
        List<DatabaseMaxCounterRow> upserts = new ArrayList<>();
        senderFsic.subPartitions().asMap().forEach((partition, instances) -> instances.forEach((instance, counter) -> {
            if (counter > existing.getOrDefault(new Key(partition, instance), 0L)) {
                upserts.add(new DatabaseMaxCounterRow(partition, instance, counter));
            }
        }));
        return upserts;
    }

    /**
     * v1: for every sender instance whose counter is above our receiver v1 FSIC for the filter (or
     * that it lacks), the counter for each filter partition, where that raises the row.
     */
    public static List<DatabaseMaxCounterRow> upsertsV1(Collection<DatabaseMaxCounterRow> current, FsicV1 senderFsic,
                                                        SyncFilter filter) {
        FsicV1 local = FsicCalculator.calculateV1(current, filter, FsicSide.RECEIVER);
        Map<Key, Long> existing = index(current);
        List<DatabaseMaxCounterRow> upserts = new ArrayList<>();
        senderFsic.counters().forEach((instance, counter) -> {
            Long localCounter = local.counters().get(instance);
            if (localCounter != null && counter <= localCounter) {
                return;
            }
            for (String partition : filter.partitions()) {
                Long row = existing.get(new Key(partition, instance));
                if (row == null || counter > row) {
                    upserts.add(new DatabaseMaxCounterRow(partition, instance, counter));
                }
            }
        });
        return upserts;
    }

    /** The table after the upserts (update in place, new rows appended), for in-memory use and tests. */
    public static List<DatabaseMaxCounterRow> apply(Collection<DatabaseMaxCounterRow> current,
                                                    Collection<DatabaseMaxCounterRow> upserts) {
        Map<Key, DatabaseMaxCounterRow> table = new LinkedHashMap<>();
        for (DatabaseMaxCounterRow row : current) {
            table.put(new Key(row.partition(), row.instanceId()), row);
        }
        for (DatabaseMaxCounterRow row : upserts) {
            table.put(new Key(row.partition(), row.instanceId()), row);
        }
        return new ArrayList<>(table.values());
    }

    private static Map<Key, Long> index(Collection<DatabaseMaxCounterRow> rows) {
        Map<Key, Long> index = new LinkedHashMap<>();
        for (DatabaseMaxCounterRow row : rows) {
            index.put(new Key(row.partition(), row.instanceId()), row.counter());
        }
        return index;
    }

    private record Key(String partition, String instanceId) {
    }
}
