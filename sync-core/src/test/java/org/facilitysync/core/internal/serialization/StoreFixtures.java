package org.facilitysync.core.internal.serialization;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;

/** Store rows for deserialization tests, as a dequeue leaves them (dirty, stamped by a peer). */
final class StoreFixtures {

    static final String PEER = "22222222222222222222222222222222";
    static final String SELF = "11111111111111111111111111111111";
    static final String BOB = "8792b19af51e86710beb3cf182bc5ac6";

    private StoreFixtures() {
    }

    /** A dirty Store row received from {@link #PEER}. */
    static ObjectNode row(String id, String model, String partition, String serialized) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("id", id).put("profile", TestApp.PROFILE).put("serialized", serialized).put("deleted", false)
                .put("hard_deleted", false).put("last_saved_instance", PEER).put("last_saved_counter", 1)
                .put("partition", partition).put("source_id", id).put("model_name", model)
                .put("conflicting_serialized_data", "").put("_self_ref_fk", "").put("dirty_bit", true)
                .put("deserialization_error", "").putNull("last_transfer_session_id");
        return row;
    }

    static ObjectNode user(String id) {
        return row(id, "user", id + ":user", "{\"password\": \"\", \"last_login\": null, \"id\": \"" + id
                + "\", \"_morango_source_id\": \"" + id + "\", \"_morango_partition\": \"" + id
                + ":user\", \"is_staff\": false, \"is_superuser\": false, \"username\": \"u" + id.substring(0, 6) + "\"}");
    }

    static ObjectNode summary(String id, String userId, String contentId) {
        return row(id, "contentsummarylog", userId + ":user:summary", "{\"id\": \"" + id
                + "\", \"_morango_source_id\": \"" + id + "\", \"_morango_partition\": \"" + userId
                + ":user:summary\", \"user_id\": \"" + userId + "\", \"content_id\": \"" + contentId + "\"}");
    }

    static ObjectNode facility(String id, String name, String parent) {
        ObjectNode row = row(id, "facility", "", "{\"id\": \"" + id + "\", \"_morango_source_id\": \"" + name
                + "\", \"_morango_partition\": \"\", \"name\": \"" + name
                + "\", \"now_date\": \"2024-01-02T03:04:05.678Z\", \"parent_id\": "
                + (parent == null ? "null" : "\"" + parent + "\"") + "}");
        row.put("_self_ref_fk", parent == null ? "" : parent);
        return row;
    }

    static void insert(Database database, ObjectNode... rows) {
        database.inTransaction(tx -> {
            for (ObjectNode row : rows) {
                MorangoState.insertStore(tx, row);
            }
            return null;
        });
    }

    /** A 32-hex id made of one repeated character. */
    static String id(char c) {
        return String.valueOf(c).repeat(32);
    }
}
