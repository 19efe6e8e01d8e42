package org.facilitysync.core.internal.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.storage.Database;

/**
 * One sync per (peer, facility, direction) on a node at a time, across processes: two {@code sync}
 * commands on one node home would otherwise send the same records twice. The state is the client
 * transfer sessions in the database, nothing in memory: each sync, once its own transfer session is
 * stored, asks whether a live one for the same peer, filter and direction began before it; the later
 * one gives way, so two that begin at the same moment cannot both go on. A transfer that errored, or
 * that has shown no activity for {@link #LIVE}, is not live (a killed sync does not block the node: it
 * is resumed with {@code sync:resume}).
 */
final class SyncExclusion {

    /** How long a transfer session without activity still counts as running. */
    static final Duration LIVE = Duration.ofMinutes(10);

    /** The sync that runs first: its transfer session, stage and when it was last active. */
    record Running(String transferSessionId, String syncSessionId, String stage, Instant lastActivity) {
    }

    private final Database database;

    SyncExclusion(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The live sync of the same peer, filter and direction that began before {@code ownTransferSessionId}. */
    Optional<Running> earlier(String ownTransferSessionId, String peer, SyncFilter filter, boolean push) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT t.id, t.sync_session_id, t.transfer_stage,"
                    + " t.last_activity_timestamp"
                    + " FROM morango_transfersession t JOIN morango_syncsession s ON s.id = t.sync_session_id"
                    + " WHERE t.active = ? AND t.fs_server = ? AND t.push = ? AND t.filter = ? AND s.connection_path = ?"
                    + " AND t.transfer_stage_status <> 'errored' AND (t.last_activity_timestamp >= ? OR t.id = ?)"
                    + " ORDER BY t.start_timestamp, t.id")) {
                query.setBoolean(1, true);
                query.setBoolean(2, false);
                query.setBoolean(3, push);
                query.setString(4, filter.toString());
                query.setString(5, peer);
                tx.dialect().setInstant(query, 6, Instant.now().minus(LIVE));
                query.setString(7, ownTransferSessionId);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next() || rows.getString(1).equals(ownTransferSessionId)) {
                        return Optional.empty();
                    }
                    return Optional.of(new Running(rows.getString(1), rows.getString(2), rows.getString(3),
                            tx.dialect().getInstant(rows, "last_activity_timestamp")));
                }
            }
        });
    }
}
