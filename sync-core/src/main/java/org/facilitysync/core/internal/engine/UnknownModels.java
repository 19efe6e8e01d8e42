package org.facilitysync.core.internal.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.facilitysync.api.SyncContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of models this node does not know (a newer peer's) in a transfer: the Store keeps them and
 * later transfers pass them on, as Morango does, but they never reach an application table. So they
 * are counted where they cross this node, in the transfer's buffer (once per transfer, one grouped query:
 * nothing per record), logged, and kept in the sync session's attributes for the transfer's result.
 */
final class UnknownModels {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownModels.class);
    private static final String PREFIX = "unknown-models:";

    private UnknownModels() {
    }

    /**
     * Counts the buffer's records of unknown models for the transfer (after queuing on the producer,
     * before dequeuing on the receiver) and remembers them on a client.
     */
    static void count(NodeEngine engine, SyncContext context, String profile) {
        List<String> known = engine.registry().profile(profile).names();
        Map<String, Long> unknown = engine.database().read(tx -> {
            Map<String, Long> counts = new TreeMap<>();
            try (PreparedStatement query = tx.prepare("SELECT model_name, COUNT(*) FROM morango_buffer"
                    + " WHERE transfer_session_id = ? GROUP BY model_name")) {
                query.setString(1, context.transferSessionId());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (!known.contains(rows.getString(1))) {
                            counts.put(rows.getString(1), rows.getLong(2));
                        }
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
