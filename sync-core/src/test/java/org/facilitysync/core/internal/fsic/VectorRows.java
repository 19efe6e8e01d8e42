package org.facilitysync.core.internal.fsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.vectors.MorangoVectors;

/** Store / RMC / DMC rows of a database state as the vector files describe it. */
record VectorRows(List<StoreRow> store, List<RecordMaxCounterRow> recordMaxCounters,
                  List<DatabaseMaxCounterRow> databaseMaxCounters) {

    /** A {@code fsic.json} db_state: RMCs nested in the Store rows. */
    static VectorRows ofFsicState(JsonNode state) {
        List<StoreRow> store = new ArrayList<>();
        List<RecordMaxCounterRow> rmcs = new ArrayList<>();
        for (JsonNode row : MorangoVectors.elements(state.path("store"))) {
            store.add(storeRow(row));
            for (JsonNode rmc : MorangoVectors.elements(row.path("record_max_counters"))) {
                rmcs.add(new RecordMaxCounterRow(row.path("id").asText(), rmc.path("instance_id").asText(),
                        rmc.path("counter").asLong()));
            }
        }
        return new VectorRows(store, rmcs, dmcs(state.path("database_max_counters")));
    }

    /** A node of a {@code state-*.json} dump: separate tables. */
    static VectorRows ofStateDump(JsonNode node) {
        List<StoreRow> store = new ArrayList<>();
        for (JsonNode row : MorangoVectors.elements(node.path("store"))) {
            store.add(storeRow(row));
        }
        List<RecordMaxCounterRow> rmcs = new ArrayList<>();
        for (JsonNode rmc : MorangoVectors.elements(node.path("record_max_counters"))) {
            rmcs.add(new RecordMaxCounterRow(rmc.path("store_model_id").asText(), rmc.path("instance_id").asText(),
                    rmc.path("counter").asLong()));
        }
        return new VectorRows(store, rmcs, dmcs(node.path("database_max_counters")));
    }

    static List<DatabaseMaxCounterRow> dmcs(JsonNode array) {
        List<DatabaseMaxCounterRow> rows = new ArrayList<>();
        for (JsonNode dmc : MorangoVectors.elements(array)) {
            rows.add(new DatabaseMaxCounterRow(dmc.path("partition").asText(), dmc.path("instance_id").asText(),
                    dmc.path("counter").asLong()));
        }
        return rows;
    }

    private static StoreRow storeRow(JsonNode row) {
        return new StoreRow(row.path("id").asText(), row.path("partition").asText(),
                row.path("last_saved_instance").asText(), row.path("last_saved_counter").asLong());
    }

    FsicV2 fsicV2(SyncFilter filter, FsicSide side, boolean instanceReduction) {
        InstancePresence presence = instanceReduction
                ? InMemoryInstancePresence.forSide(side, store, recordMaxCounters) : InstancePresence.ALL;
        return FsicCalculator.calculateV2(databaseMaxCounters, filter, presence);
    }

    FsicV1 fsicV1(SyncFilter filter, FsicSide side) {
        return FsicCalculator.calculateV1(databaseMaxCounters, filter, side);
    }

    /** The filter of a vector: a JSON array of partitions. */
    static SyncFilter filter(JsonNode array) {
        return new SyncFilter(MorangoVectors.strings(array));
    }
}
