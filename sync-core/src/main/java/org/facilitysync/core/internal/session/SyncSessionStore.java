package org.facilitysync.core.internal.session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * Sync sessions on JDBC, in Morango's {@code morango_syncsession}: create at the handshake, find (a
 * resumed sync, a transfer session's profile), deactivate when closed. Transfer sessions reference
 * them, so one must exist before its transfer sessions are begun.
 */
public final class SyncSessionStore {

    private static final String COLUMNS = "id, start_timestamp, last_activity_timestamp, active, is_server,"
            + " client_certificate_id, server_certificate_id, profile, connection_kind, connection_path, client_ip,"
            + " server_ip, client_instance_id, client_instance_json, server_instance_id, server_instance_json,"
            + " extra_fields, process_id";

    private final Database database;

    public SyncSessionStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Stores a new sync session.
     *
     * @throws IllegalStateException naming the id when a sync session with that id is stored already
     */
    public void create(SyncSessionRow row) {
        database.inTransaction(tx -> {
            if (exists(tx, row.id())) {
                throw new IllegalStateException("sync session " + row.id() + " is stored already; sync session ids"
                        + " are not reused");
            }
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_syncsession (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)")) {
                insert.setString(1, row.id());
                tx.dialect().setInstant(insert, 2, row.startTimestamp());
                tx.dialect().setInstant(insert, 3, row.lastActivityTimestamp());
                insert.setBoolean(4, row.active());
                insert.setBoolean(5, row.server());
                insert.setString(6, row.clientCertificateId());
                insert.setString(7, row.serverCertificateId());
                insert.setString(8, row.profile());
                insert.setString(9, row.connectionKind());
                insert.setString(10, row.connectionPath());
                insert.setString(11, row.clientIp());
                insert.setString(12, row.serverIp());
                insert.setString(13, row.clientInstanceId());
                insert.setString(14, row.clientInstanceJson());
                insert.setString(15, row.serverInstanceId());
                insert.setString(16, row.serverInstanceJson());
                if (row.processId() == null) {
                    insert.setNull(17, java.sql.Types.INTEGER);
                } else {
                    insert.setInt(17, row.processId());
                }
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The stored sync session, active or not. */
    /**
     * The profile of a stored sync session (what a transfer of it syncs).
     *
     * @throws IllegalStateException naming the session when it is not stored
     */
    public String profileOf(String syncSessionId) {
        return find(syncSessionId).map(SyncSessionRow::profile).orElseThrow(
                () -> new IllegalStateException("sync session " + syncSessionId + " is not stored in " + database));
    }

    public Optional<SyncSessionRow> find(String id) {
        return database.read(tx -> find(tx, id));
    }

    /** The stored sync session, if it is still active (what Morango's API serves). */
    public Optional<SyncSessionRow> findActive(String id) {
        return find(id).filter(SyncSessionRow::active);
    }

    /**
     * Marks a sync session closed; closing a closed one changes nothing.
     *
     * @throws NoSuchElementException when no sync session has that id
     */
    public void deactivate(String id) {
        database.inTransaction(tx -> {
            if (tx.update("UPDATE morango_syncsession SET active = ? WHERE id = ?", false, id) == 0) {
                throw new NoSuchElementException("no sync session " + id);
            }
            return null;
        });
    }

    /** Records activity now on a sync session (Morango bumps it with every transfer-session state change). */
    public void touch(String id) {
        database.inTransaction(tx -> touch(tx, id, Instant.now()));
    }

    /** Sets the process that drives the sync session (Morango's resume takes it over). */
    public void setProcessId(String id, Integer processId) {
        database.inTransaction(tx -> {
            if (tx.update("UPDATE morango_syncsession SET process_id = ? WHERE id = ?", processId, id) == 0) {
                throw new NoSuchElementException("no sync session " + id);
            }
            return null;
        });
    }

    static boolean exists(Transaction tx, String id) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT 1 FROM morango_syncsession WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    static Void touch(Transaction tx, String id, Instant now) throws SQLException {
        try (PreparedStatement update = tx.prepare(
                "UPDATE morango_syncsession SET last_activity_timestamp = ? WHERE id = ?")) {
            tx.dialect().setInstant(update, 1, now);
            update.setString(2, id);
            update.executeUpdate();
        }
        return null;
    }

    private static Optional<SyncSessionRow> find(Transaction tx, String id) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT " + COLUMNS + " FROM morango_syncsession WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                int processId = rows.getInt("process_id");
                Integer process = rows.wasNull() ? null : processId;
                return Optional.of(new SyncSessionRow(rows.getString("id"),
                        tx.dialect().getInstant(rows, "start_timestamp"),
                        tx.dialect().getInstant(rows, "last_activity_timestamp"), rows.getBoolean("active"),
                        rows.getBoolean("is_server"), rows.getString("client_certificate_id"),
                        rows.getString("server_certificate_id"), rows.getString("profile"),
                        rows.getString("connection_kind"), rows.getString("connection_path"),
                        rows.getString("client_ip"), rows.getString("server_ip"), rows.getString("client_instance_id"),
                        rows.getString("client_instance_json"), rows.getString("server_instance_id"),
                        rows.getString("server_instance_json"), process));
            }
        }
    }
}
