package org.facilitysync.core.internal.fsic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link InstancePresence} over Store and RecordMaxCounter rows held in memory. */
public final class InMemoryInstancePresence implements InstancePresence {

    /** Partitions of the Store rows, per instance that counts for this side. */
    private final Map<String, List<String>> partitionsByInstance;

    private InMemoryInstancePresence(Map<String, List<String>> partitionsByInstance) {
        this.partitionsByInstance = partitionsByInstance;
    }

    /** The producer's view: instances that last saved a Store row. */
    public static InMemoryInstancePresence forProducer(Collection<StoreRow> store) {
        Map<String, List<String>> byInstance = new HashMap<>();
        for (StoreRow row : store) {
            byInstance.computeIfAbsent(row.lastSavedInstance(), i -> new ArrayList<>()).add(row.partition());
        }
        return new InMemoryInstancePresence(byInstance);
    }

    /** The receiver's view: instances named by a RecordMaxCounter of a Store row. */
    public static InMemoryInstancePresence forReceiver(Collection<StoreRow> store,
                                                       Collection<RecordMaxCounterRow> recordMaxCounters) {
        Map<String, String> partitionById = new HashMap<>();
        for (StoreRow row : store) {
            partitionById.put(row.id(), row.partition());
        }
        Map<String, List<String>> byInstance = new HashMap<>();
        for (RecordMaxCounterRow rmc : recordMaxCounters) {
            String partition = partitionById.get(rmc.storeModelId());
            if (partition == null) {
                // the RecordMaxCounter table has a foreign key to Store; an orphan is a broken input
                throw new IllegalArgumentException("RecordMaxCounter of unknown Store record '" + rmc.storeModelId() + "'");
            }
            byInstance.computeIfAbsent(rmc.instanceId(), i -> new ArrayList<>()).add(partition);
        }
        return new InMemoryInstancePresence(byInstance);
    }

    /** The view of {@code side}. */
    public static InMemoryInstancePresence forSide(FsicSide side, Collection<StoreRow> store,
                                                   Collection<RecordMaxCounterRow> recordMaxCounters) {
        Objects.requireNonNull(side, "side");
        return side == FsicSide.PRODUCER ? forProducer(store) : forReceiver(store, recordMaxCounters);
    }

    @Override
    public boolean isPresent(String partition, String instanceId) {
        for (String storePartition : partitionsByInstance.getOrDefault(instanceId, List.of())) {
            if (storePartition.startsWith(partition)) {
                return true;
            }
        }
        return false;
    }
}
