package org.facilitysync.core.internal.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.execution.TransferSummary;
import org.facilitysync.core.internal.storage.Database;

/** The transfer sessions stored on a node, newest activity first, for listing to operators. */
final class TransferSessionListing {

    /** Enough for a screen or a script; older sessions stay stored and are cleaned up by age. */
    static final int LIMIT = 1_000;

    private final Database database;

    TransferSessionListing(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    List<TransferSummary> newestFirst() {
        return database.read(tx -> {
            List<TransferSummary> sessions = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT id, sync_session_id, push, fs_server, filter,"
                    + " transfer_stage, transfer_stage_status, active, records_total, records_transferred,"
                    + " last_activity_timestamp, error FROM morango_transfersession"
                    + " ORDER BY last_activity_timestamp DESC LIMIT " + LIMIT);
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sessions.add(new TransferSummary(rows.getString("sync_session_id"), rows.getString("id"),
                            rows.getBoolean("push"), rows.getBoolean("fs_server"),
                            SyncFilter.fromWire(rows.getString("filter")),
                            SyncStage.fromWireName(rows.getString("transfer_stage")),
                            TransferStatus.fromWireName(rows.getString("transfer_stage_status")),
                            rows.getBoolean("active"), rows.getLong("records_total"),
                            rows.getLong("records_transferred"),
                            tx.dialect().getInstant(rows, "last_activity_timestamp"), rows.getString("error")));
                }
            }
            return sessions;
        });
    }
}
