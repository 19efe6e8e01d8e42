package org.facilitysync.core.internal.facility;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.facilitysync.api.facility.SyncAdmission;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;
import org.facilitysync.core.internal.storage.TransactionOptions;

/**
 * {@link SyncAdmission} in {@code fs_sync_queue}, as Kolibri's {@code SyncQueueAPIView} runs it: stale
 * entries are cleaned, the device's entry is (re)queued, and, under one lock shared by every process of the
 * database, the best-scored queued entry becomes ready when fewer than the limit are ready or syncing. A
 * score is the time since the device's last sync minus the time until its next rendezvous.
 */
public final class JdbcSyncAdmission implements SyncAdmission {

    /** Kolibri's {@code HANDSHAKING_TIME}: the shortest keep-alive, in seconds. */
    static final double HANDSHAKING_TIME = 5;
    /** Kolibri's {@code STALE_QUEUE_TIME}: an entry this far past its rendezvous is dropped. */
    static final double STALE_QUEUE_TIME = 180;
    /** The lock every admission takes (any process of the hub tier). */
    private static final TransactionOptions ADMITTING = TransactionOptions.WRITE.lockingPartitions(
            TransactionOptions.LockMode.EXCLUSIVE, List.of("fs_sync_queue"));
    private static final String SCORE = "((? - COALESCE(last_sync, 0)) - (updated + keep_alive - ?))";

    private final Database database;
    private final Clock clock;

    public JdbcSyncAdmission(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Ticket admit(String userId, String instanceId, int maxConcurrent, int syncIntervalSeconds) {
        if (maxConcurrent < 1 || syncIntervalSeconds <= 2 * HANDSHAKING_TIME) {
            throw new IllegalArgumentException("an admission limit of at least 1 and a sync interval over "
                    + 2 * HANDSHAKING_TIME + " s are needed, not " + maxConcurrent + " and " + syncIntervalSeconds);
        }
        return database.inTransaction(ADMITTING, tx -> {
            double now = clock.millis() / 1000.0;
            cleanStale(tx, now, syncIntervalSeconds / 2.0);
            String id = requeue(tx, userId, instanceId, now, syncIntervalSeconds);
            Ticket ticket;
            if (count(tx, "SELECT count(*) FROM fs_sync_queue WHERE status IN ('READY', 'SYNCING')") < maxConcurrent
                    && id.equals(next(tx, now))) {
                tx.update("UPDATE fs_sync_queue SET status = 'READY', keep_alive = ?, updated = ? WHERE id = ?",
                        HANDSHAKING_TIME, now, id);
                ticket = new Ticket(id, Status.READY, HANDSHAKING_TIME);
            } else {
                long ahead = ahead(tx, id, now);
                double keepAlive = Math.max(HANDSHAKING_TIME, Math.min(HANDSHAKING_TIME * ahead,
                        syncIntervalSeconds - HANDSHAKING_TIME));
                tx.update("UPDATE fs_sync_queue SET keep_alive = ?, updated = ? WHERE id = ?", keepAlive, now, id);
                ticket = new Ticket(id, Status.QUEUED, keepAlive);
            }
            return ticket;
        });
    }

    private static void cleanStale(Transaction tx, double now, double halfLife) throws SQLException {
        tx.update("UPDATE fs_sync_queue SET status = 'STALE' WHERE updated < ? - keep_alive - ?", now, halfLife);
        tx.update("DELETE FROM fs_sync_queue WHERE updated < ? - keep_alive - ?", now, STALE_QUEUE_TIME);
    }

    /** The device's entry, queued again (a new one sorts as if its last sync were one interval ago). */
    private static String requeue(Transaction tx, String userId, String instanceId, double now, int interval)
            throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT id FROM fs_sync_queue WHERE user_id = ? AND instance_id = ?")) {
            query.setString(1, userId);
            query.setString(2, instanceId);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    String id = rows.getString(1);
                    tx.update("UPDATE fs_sync_queue SET status = 'QUEUED', queued = ?, updated = ?, keep_alive = ?"
                            + " WHERE id = ?", now, now, HANDSHAKING_TIME, id);
                    return id;
                }
            }
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        tx.update("INSERT INTO fs_sync_queue (id, user_id, instance_id, queued, updated, keep_alive, last_sync, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED')", id, userId, instanceId, now, now, HANDSHAKING_TIME,
                now - interval);
        return id;
    }

    private static String next(Transaction tx, double now) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT id FROM fs_sync_queue WHERE status = 'QUEUED' ORDER BY "
                + SCORE + " DESC, queued, id")) {
            query.setDouble(1, now);
            query.setDouble(2, now);
            query.setMaxRows(1);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** How many active entries score higher than {@code id}: its place in the queue. */
    private static long ahead(Transaction tx, String id, double now) throws SQLException {
        double score;
        try (PreparedStatement query = tx.prepare("SELECT " + SCORE + " FROM fs_sync_queue WHERE id = ?")) {
            query.setDouble(1, now);
            query.setDouble(2, now);
            query.setString(3, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                score = rows.getDouble(1);
            }
        }
        try (PreparedStatement query = tx.prepare("SELECT count(*) FROM fs_sync_queue WHERE status IN ('QUEUED', 'READY',"
                + " 'SYNCING') AND " + SCORE + " > ?")) {
            query.setDouble(1, now);
            query.setDouble(2, now);
            query.setDouble(3, score);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long count(Transaction tx, String sql) throws SQLException {
        try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
