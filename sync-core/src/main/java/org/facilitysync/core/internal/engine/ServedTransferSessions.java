package org.facilitysync.core.internal.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.Set;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.exchange.FsicFormat;
import org.facilitysync.core.internal.storage.Database;

/**
 * Reads {@code morango_transfersession} as a client is shown it ({@link ServedTransferSession}), with
 * the columns the session store's row leaves out (timestamps, byte counts, FSICs), and counts a
 * producer's buffer. Everything here is read from the database, so every node of a hub tier answers alike.
 */
final class ServedTransferSessions {

    private final Database database;

    ServedTransferSessions(Database database) {
        this.database = database;
    }

    /** The transfer session, active or not; empty when it is not stored. */
    Optional<ServedTransferSession> find(String id) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT id, start_timestamp, last_activity_timestamp, active,"
                    + " filter, push, records_transferred, records_total, bytes_received, bytes_sent, sync_session_id,"
                    + " server_fsic, client_fsic, transfer_stage, transfer_stage_status, error, fs_capabilities"
                    + " FROM morango_transfersession WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<ServedTransferSession>empty();
                    }
                    String stageName = rows.getString("transfer_stage");
                    SyncStage stage = stageName == null ? null : SyncStage.fromWireName(stageName);
                    long total = rows.getLong("records_total");
                    boolean totalKnown = !rows.wasNull() && stage != null && stage.compareTo(SyncStage.QUEUING) >= 0;
                    String status = rows.getString("transfer_stage_status");
                    String capabilities = rows.getString("fs_capabilities");
                    return Optional.of(new ServedTransferSession(rows.getString("id"),
                            tx.dialect().getInstant(rows, "start_timestamp"),
                            tx.dialect().getInstant(rows, "last_activity_timestamp"), rows.getBoolean("active"),
                            rows.getString("filter"), rows.getBoolean("push"), rows.getLong("records_transferred"),
                            totalKnown ? total : null, rows.getLong("bytes_received"), rows.getLong("bytes_sent"),
                            rows.getString("sync_session_id"), rows.getString("server_fsic"),
                            rows.getString("client_fsic"), stage,
                            status == null ? null : TransferStatus.fromWireName(status), rows.getString("error"),
                            FsicFormat.of(capabilities == null ? Set.of()
                                    : Set.of(capabilities.strip().split("\\s+")))));
                }
            }
        });
    }

    /** How many records the transfer session's buffer holds (DRF's {@code count}). */
    long bufferCount(String id) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT COUNT(*) FROM morango_buffer WHERE transfer_session_id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
