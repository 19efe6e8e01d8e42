package org.facilitysync.core.internal.http.server;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facilitysync.core.internal.exchange.FsicFormat;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.storage.Database;

/**
 * A transfer session as Morango's {@code TransferSessionSerializer} renders it, read from
 * {@code morango_transfersession}: the fields in the serializer's order, timestamps as DRF renders
 * them, {@code records_total} null until the queuing stage (Morango's column is null until then).
 * An errored stage's reason follows as {@value #ERROR_FIELD}, which Morango does not send.
 */
final class TransferSessionView {

    /** The field, after Morango's, that carries an errored stage's reason (see the client's TransferSessionJson). */
    static final String ERROR_FIELD = "transfer_stage_error";

    private TransferSessionView() {
    }

    /**
     * Whether a transfer session is stored, whether it is a push, and its stage (null before the first);
     * empty when unknown.
     */
    /**
     * {@code recordsTotal}: null until queuing set it (for a pull this node produces: its buffer's size);
     * {@code fsicFormat}: the FSIC format the session's peers negotiated.
     */
    record Facts(boolean active, boolean push, String syncSessionId, SyncStage stage, Long recordsTotal,
            FsicFormat fsicFormat) {
    }

    static Optional<Facts> facts(Database database, String id) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(
                    "SELECT active, push, sync_session_id, transfer_stage, records_total, fs_capabilities"
                            + " FROM morango_transfersession WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<Facts>empty();
                    }
                    String stage = rows.getString(4);
                    long total = rows.getLong(5);
                    Long recordsTotal = rows.wasNull() ? null : total;
                    String capabilities = rows.getString(6);
                    return Optional.of(new Facts(rows.getBoolean(1), rows.getBoolean(2), rows.getString(3),
                            stage == null ? null : SyncStage.fromWireName(stage), recordsTotal, FsicFormat.of(
                                    capabilities == null ? Set.of() : Set.of(capabilities.strip().split("\\s+")))));
                }
            }
        });
    }

    /** The serializer's fields, in order; empty when the transfer session is not stored. */
    static Optional<Map<String, Object>> render(Database database, String id) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT id, start_timestamp, last_activity_timestamp, active,"
                    + " filter, push, records_transferred, records_total, bytes_received, bytes_sent, sync_session_id,"
                    + " server_fsic, client_fsic, transfer_stage, transfer_stage_status, error"
                    + " FROM morango_transfersession WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<Map<String, Object>>empty();
                    }
                    String stageName = rows.getString("transfer_stage");
                    SyncStage stage = stageName == null ? null : SyncStage.fromWireName(stageName);
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", rows.getString("id"));
                    json.put("start_timestamp", WireTimestamps.format(tx.dialect().getInstant(rows, "start_timestamp")));
                    json.put("last_activity_timestamp",
                            WireTimestamps.format(tx.dialect().getInstant(rows, "last_activity_timestamp")));
                    json.put("active", rows.getBoolean("active"));
                    json.put("filter", rows.getString("filter"));
                    json.put("push", rows.getBoolean("push"));
                    json.put("records_transferred", rows.getLong("records_transferred"));
                    long total = rows.getLong("records_total");
                    boolean totalKnown = !rows.wasNull() && stage != null && stage.compareTo(SyncStage.QUEUING) >= 0;
                    json.put("records_total", totalKnown ? total : null);
                    json.put("bytes_received", rows.getLong("bytes_received"));
                    json.put("bytes_sent", rows.getLong("bytes_sent"));
                    json.put("sync_session", rows.getString("sync_session_id"));
                    json.put("server_fsic", rows.getString("server_fsic"));
                    json.put("client_fsic", rows.getString("client_fsic"));
                    json.put("transfer_stage", stageName);
                    String status = rows.getString("transfer_stage_status");
                    TransferStatus parsed = status == null ? null : TransferStatus.fromWireName(status);
                    json.put("transfer_stage_status", parsed == null ? null : parsed.wireName());
                    String error = rows.getString("error");
                    if (parsed == TransferStatus.ERRORED && error != null && !error.isEmpty()) {
                        // Not Morango's: its serializer has no error, so a client only learns "errored". Morango's
                        // client ignores fields it does not know; ours shows the server's reason to the operator.
                        json.put(ERROR_FIELD, error);
                    }
                    return Optional.of(json);
                }
            }
        });
    }

    /** How many records the transfer session's buffer holds (DRF's {@code count}). */
    static long bufferCount(Database database, String id) {
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
