package org.facilitysync.core.internal.monitor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.PeerActivity;
import org.facilitysync.api.monitor.TransferActivity;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The SQL behind the monitor's transfer and peer listings: transfer sessions joined to their sync
 * sessions, which name the peer. Read-only; one statement per call, bounded by the query's limit.
 */
final class TransferActivityQuery {

    /** The peer as operators know it: the server's URL for a client, the client's address and instance for a server. */
    private static final String PEER = "CASE WHEN s.is_server THEN s.client_ip || ' (' || COALESCE(s.client_instance_id, '?')"
            + " || ')' ELSE s.connection_path END";

    private static final String COLUMNS = "t.id, t.sync_session_id, " + PEER + " AS peer, t.fs_dataset_id, t.push,"
            + " t.fs_server, t.transfer_stage, t.transfer_stage_status, t.active, t.records_total, t.records_transferred,"
            + " t.bytes_sent, t.bytes_received, t.start_timestamp, t.last_activity_timestamp, t.error";

    private static final String FROM = " FROM morango_transfersession t JOIN morango_syncsession s ON s.id = t.sync_session_id";

    private TransferActivityQuery() {
    }

    static List<TransferActivity> transfers(Transaction tx, ActivityQuery query) throws SQLException {
        String sql = "SELECT " + COLUMNS + FROM + where(query) + " ORDER BY t.last_activity_timestamp DESC LIMIT ?";
        try (PreparedStatement select = tx.prepare(sql)) {
            int next = bind(tx, select, query);
            select.setInt(next, query.limit());
            List<TransferActivity> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(activity(tx, rows));
                }
            }
            return found;
        }
    }

    /** The latest transfer per peer and how many there are, by a window over the peer expression. */
    static List<PeerActivity> peers(Transaction tx, ActivityQuery query) throws SQLException {
        String sql = "SELECT * FROM (SELECT " + COLUMNS + ", ROW_NUMBER() OVER (PARTITION BY " + PEER
                + " ORDER BY t.last_activity_timestamp DESC) AS latest_rank, COUNT(*) OVER (PARTITION BY " + PEER
                + ") AS peer_transfers" + FROM + where(query) + ") ranked WHERE latest_rank = 1"
                + " ORDER BY last_activity_timestamp DESC LIMIT ?";
        try (PreparedStatement select = tx.prepare(sql)) {
            int next = bind(tx, select, query);
            select.setInt(next, query.limit());
            List<PeerActivity> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    TransferActivity latest = activity(tx, rows);
                    found.add(new PeerActivity(latest.peer(), rows.getLong("peer_transfers"), latest));
                }
            }
            return found;
        }
    }

    private static String where(ActivityQuery query) {
        List<String> conditions = new ArrayList<>();
        if (query.since() != null) {
            conditions.add("t.last_activity_timestamp >= ?");
        }
        if (query.inFlightOnly()) {
            conditions.add("t.active = ?");
        }
        if (query.transferSessionId() != null) {
            conditions.add("t.id = ?");
        }
        if (query.failedOnly()) {
            conditions.add("(t.error IS NOT NULL AND t.error <> '' OR t.transfer_stage_status = 'errored')");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static int bind(Transaction tx, PreparedStatement select, ActivityQuery query) throws SQLException {
        int index = 1;
        if (query.since() != null) {
            tx.dialect().setInstant(select, index++, query.since());
        }
        if (query.inFlightOnly()) {
            select.setBoolean(index++, true);
        }
        if (query.transferSessionId() != null) {
            select.setString(index++, query.transferSessionId());
        }
        return index;
    }

    private static TransferActivity activity(Transaction tx, ResultSet rows) throws SQLException {
        return new TransferActivity(rows.getString("id"), rows.getString("sync_session_id"), rows.getString("peer"),
                rows.getString("fs_dataset_id"), rows.getBoolean("push"), rows.getBoolean("fs_server"),
                stage(rows.getString("transfer_stage")), status(rows.getString("transfer_stage_status")), rows.getBoolean("active"),
                rows.getLong("records_total"), rows.getLong("records_transferred"), rows.getLong("bytes_sent"),
                rows.getLong("bytes_received"), tx.dialect().getInstant(rows, "start_timestamp"),
                tx.dialect().getInstant(rows, "last_activity_timestamp"), rows.getString("error"));
    }

    // A session stored before its first stage ran has neither: it is at the start.
    private static SyncStage stage(String wireName) {
        return wireName == null ? SyncStage.INITIALIZING : SyncStage.fromWireName(wireName);
    }

    private static TransferStatus status(String wireName) {
        return wireName == null ? TransferStatus.PENDING : TransferStatus.fromWireName(wireName);
    }
}
