package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * What the exchange reads of a transfer session, in one query: its filter, direction, both FSIC texts,
 * counts, negotiated capabilities, and its sync session's profile (the profile of every record it
 * moves).
 */
record ExchangeSession(String id, String syncSessionId, String profile, SyncFilter filter, boolean push,
                       boolean active, String clientFsic, String serverFsic, long recordsTotal,
                       long recordsTransferred, Set<String> capabilities) {

    /**
     * The transfer session {@code id}, read in {@code tx}.
     *
     * @throws NoSuchElementException when it is not stored
     */
    static ExchangeSession load(Transaction tx, String id) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT t.sync_session_id, s.profile, t.filter, t.push, t.active,"
                + " t.client_fsic, t.server_fsic, t.records_total, t.records_transferred, t.fs_capabilities"
                + " FROM morango_transfersession t JOIN morango_syncsession s ON s.id = t.sync_session_id"
                + " WHERE t.id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new NoSuchElementException("no transfer session " + id);
                }
                String capabilities = rows.getString("fs_capabilities");
                return new ExchangeSession(id, rows.getString("sync_session_id"), rows.getString("profile"),
                        SyncFilter.fromWire(rows.getString("filter")),
                        rows.getBoolean("push"), rows.getBoolean("active"), rows.getString("client_fsic"),
                        rows.getString("server_fsic"), rows.getLong("records_total"),
                        rows.getLong("records_transferred"),
                        capabilities == null || capabilities.isBlank() ? Set.of()
                                : Set.of(capabilities.strip().split("\\s+")));
            }
        }
    }

    /** The FSIC of the side that sends records: the client's in a push, the server's in a pull. */
    String producerFsic() {
        return push ? clientFsic : serverFsic;
    }

    /** The FSIC of the side that receives records. */
    String receiverFsic() {
        return push ? serverFsic : clientFsic;
    }

    FsicFormat fsicFormat() {
        return FsicFormat.of(capabilities);
    }

    @Override
    public String toString() {
        return "transfer session " + id + " (" + (push ? "push" : "pull") + " of '" + filter.toString().replace("\n", " ")
                + "')";
    }
}
