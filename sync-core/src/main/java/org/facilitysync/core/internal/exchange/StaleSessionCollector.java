package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * Garbage collection of abandoned syncs (Morango's {@code cleanupsyncs}): buffers left behind by
 * transfers that never finished are what filled Kolibri users' disks (Kolibri #7270).
 *
 * <ol>
 * <li>Among active sync sessions (optionally: with these ids, this client instance, this server
 * instance), every active transfer session without activity since the cutoff (optionally: whose filter
 * starts with a prefix, only pushes or only pulls) loses its buffers and becomes inactive.</li>
 * <li>Then those sync sessions without activity since the cutoff and without an active transfer session
 * become inactive.</li>
 * </ol>
 * Each transfer session is closed in its own transaction, as Morango does, so a large collection does not
 * hold the database's write lock for long.
 */
public final class StaleSessionCollector {

    /** How many sessions were closed. */
    public record Collected(int transferSessions, long bufferedRecords, int syncSessions) {
    }

    private final Database database;
    private final Clock clock;

    public StaleSessionCollector(Database database) {
        this(database, Clock.systemUTC());
    }

    public StaleSessionCollector(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Closes the stale sessions {@code criteria} selects. */
    public Collected collect(StaleSessionCriteria criteria) {
        Instant cutoff = clock.instant().minus(criteria.expiration());
        List<String> stale = database.read(tx -> staleTransferSessions(tx, criteria, cutoff));
        long buffered = 0;
        int closed = 0;
        for (String transferSessionId : stale) {
            Integer deleted = database.inTransaction(tx -> closeIfStillStale(tx, transferSessionId, cutoff));
            if (deleted != null) {
                closed++;
                buffered += deleted;
            }
        }
        int syncSessions = database.inTransaction(tx -> closeSyncSessions(tx, criteria, cutoff));
        return new Collected(closed, buffered, syncSessions);
    }

    /**
     * Deactivates the transfer session and deletes its buffers, unless it became active again since the
     * list was read; returns the buffered records deleted, or null when it was left alone.
     */
    private static Integer closeIfStillStale(Transaction tx, String transferSessionId, Instant cutoff)
            throws SQLException {
        try (PreparedStatement update = tx.prepare("UPDATE morango_transfersession SET active = ?"
                + " WHERE id = ? AND active = ? AND last_activity_timestamp < ?")) {
            update.setBoolean(1, false);
            update.setString(2, transferSessionId);
            update.setBoolean(3, true);
            tx.dialect().setInstant(update, 4, cutoff);
            if (update.executeUpdate() == 0) {
                return null;
            }
        }
        return BufferCleanup.deleteBuffers(tx, transferSessionId);
    }

    private static List<String> staleTransferSessions(Transaction tx, StaleSessionCriteria criteria, Instant cutoff)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT t.id FROM morango_transfersession t"
                + " JOIN morango_syncsession s ON s.id = t.sync_session_id"
                + " WHERE t.active = ? AND t.last_activity_timestamp < ?");
        parameters.add(true);
        parameters.add(cutoff);
        syncSessionConditions(criteria, sql, parameters);
        if (criteria.filterPrefix() != null) {
            sql.append(" AND ").append(tx.dialect().startsWith("t.filter"));
            parameters.add(Dialect.likePrefixPattern(criteria.filterPrefix()));
        }
        if (criteria.push() != criteria.pull()) {
            sql.append(" AND t.push = ?");
            parameters.add(criteria.push());
        }
        sql.append(" ORDER BY t.last_activity_timestamp, t.id");
        List<String> ids = new ArrayList<>();
        try (PreparedStatement query = tx.prepare(sql.toString())) {
            bind(tx, query, parameters);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private static int closeSyncSessions(Transaction tx, StaleSessionCriteria criteria, Instant cutoff)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE morango_syncsession SET active = ? WHERE id IN ("
                + "SELECT s.id FROM morango_syncsession s WHERE s.active = ? AND s.last_activity_timestamp < ?");
        parameters.add(false);
        parameters.add(true);
        parameters.add(cutoff);
        syncSessionConditions(criteria, sql, parameters);
        sql.append(" AND NOT EXISTS (SELECT 1 FROM morango_transfersession t WHERE t.sync_session_id = s.id"
                + " AND t.active = ?))");
        parameters.add(true);
        try (PreparedStatement update = tx.prepare(sql.toString())) {
            bind(tx, update, parameters);
            return update.executeUpdate();
        }
    }

    private static void syncSessionConditions(StaleSessionCriteria criteria, StringBuilder sql, List<Object> parameters) {
        if (!criteria.syncSessionIds().isEmpty()) {
            sql.append(" AND s.id IN (").append("?, ".repeat(criteria.syncSessionIds().size() - 1)).append("?)");
            parameters.addAll(criteria.syncSessionIds());
        }
        if (criteria.clientInstanceId() != null) {
            sql.append(" AND s.client_instance_id = ?");
            parameters.add(criteria.clientInstanceId());
        }
        if (criteria.serverInstanceId() != null) {
            sql.append(" AND s.server_instance_id = ?");
            parameters.add(criteria.serverInstanceId());
        }
    }

    private static void bind(Transaction tx, PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Instant instant) {
                tx.dialect().setInstant(statement, i + 1, instant);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
