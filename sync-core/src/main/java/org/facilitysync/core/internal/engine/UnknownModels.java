package org.facilitysync.core.internal.engine;

import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.model.ModelRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.facilitysync.api.SyncContext;
import org.facilitysync.core.internal.model.AppRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of models this node does not know (a newer peer's) in a transfer: the Store keeps them and
 * later transfers pass them on, as Morango does, but they never reach an application table. So they
 * are counted where they cross this node, logged, and kept in the sync session's attributes for the
 * transfer's result.
 *
 * <p>Counted once per transfer, never per record, and through the Store's partial index of dirty rows
 * (Morango's {@code idx_morango_deserialize}): a Store row of an unknown model stays dirty for good, and a
 * received one is dirty until deserialized, so neither the buffer nor the whole Store is scanned.
 */
final class UnknownModels {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownModels.class);
    private static final String PREFIX = "unknown-models:";

    private final ModelRegistry registry;
    private final Database database;

    UnknownModels(ModelRegistry registry, Database database) {
        this.registry = registry;
        this.database = database;
    }

    /**
     * Counts the transfer's records of unknown models (on the producer after queuing, on the receiver right
     * after dequeuing) and remembers them on a client.
     */
    void count(SyncContext context, String profile) {
        List<String> known = registry.profile(profile).names();
        String models = known.isEmpty() ? "" : " AND s.model_name NOT IN " + AppRows.placeholders(known.size());
        // producer: the dirty rows of unknown models it queued; receiver: those it just dequeued (not yet marked
        // with the deserializer's "not registered" error, which older ones carry)
        String which = context.isProducer() ? " AND EXISTS (SELECT 1 FROM morango_buffer b"
                + " WHERE b.transfer_session_id = ? AND b.model_uuid = s.id)" : " AND s.deserialization_error = ''";
        Map<String, Long> unknown = database.read(tx -> {
            Map<String, Long> counts = new TreeMap<>();
            try (PreparedStatement query = tx.prepare("SELECT s.model_name, COUNT(*) FROM morango_store s"
                    + " WHERE s.profile = ? AND s.dirty_bit" + models + which + " GROUP BY s.model_name")) {
                query.setString(1, profile);
                int index = AppRows.bindAll(query, 2, known);
                if (context.isProducer()) {
                    query.setString(index, context.transferSessionId());
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
        if (unknown.isEmpty()) {
            return;
        }
        LOG.info("Transfer {} {} {} records of models profile '{}' does not have on this node {}: kept in the Store"
                + " and passed on to other peers, not deserialized", context.transferSessionId(),
                context.isProducer() ? "sends" : "receives", unknown.values().stream().mapToLong(Long::longValue).sum(),
                profile, unknown);
        if (context.isClient()) {
            StringBuilder text = new StringBuilder();
            unknown.forEach((model, n) -> text.append(text.length() == 0 ? "" : ",").append(model).append('=').append(n));
            context.attributes().put(PREFIX + context.transferSessionId(), text.toString());
        }
    }

    /** What {@link #count} remembered for the transfer (model name to records), and forgets it. */
    static Map<String, Long> take(SyncContext context) {
        String key = PREFIX + context.transferSessionId();
        String text = context.attributes().get(key).orElse("");
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            int equals = entry.lastIndexOf('=');
            counts.put(entry.substring(0, equals), Long.parseLong(entry.substring(equals + 1)));
        }
        context.attributes().remove(key);
        return Collections.unmodifiableMap(counts);
    }
}
