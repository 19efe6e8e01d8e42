package org.facilitysync.core.internal.session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The persistent {@link TransferSessionStore}: transfer sessions in Morango's
 * {@code morango_transfersession} (plus V3's {@code fs_*} columns for the facts Morango keeps on other
 * objects), attributes in {@code fs_session_attribute}, one row per key.
 *
 * <p>Registered above the in-memory store's ranking, so the pipeline's greedy reference switches to it
 * as soon as the database is there. The rules are the in-memory store's: ids are never reused, the
 * facts a session began with never change, the stage never moves backwards. In addition a transfer
 * session needs its sync session to be stored first ({@link SyncSessionStore#create}), as Morango's
 * foreign key requires.
 *
 * <p>Columns the row does not model ({@code client_fsic}, {@code server_fsic}, byte counters) are
 * never written here, so updates made through this store and by the exchange (queuing, chunks) do not
 * overwrite each other. Every state change also bumps both sessions' {@code last_activity_timestamp},
 * as Morango's {@code update_state} does; garbage collection relies on it.
 */
@Component(service = TransferSessionStore.class, property = Constants.SERVICE_RANKING + ":Integer=100")
public final class JdbcTransferSessionStore implements TransferSessionStore {

    private static final String COLUMNS = "id, sync_session_id, push, fs_server, filter, fs_capabilities,"
            + " fs_dataset_id, fs_local_single_user, fs_remote_single_user, fs_single_user_id, transfer_stage,"
            + " transfer_stage_status, error, records_total, records_transferred, active";

    private final Database database;

    @Activate
    public JdbcTransferSessionStore(@Reference(name = "database") Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void insert(TransferSessionRow row) {
        database.inTransaction(tx -> {
            Optional<TransferSessionRow> existing = find(tx, row.transferSessionId());
            if (existing.isPresent()) {
                throw new IllegalStateException("transfer session " + row.transferSessionId()
                        + (existing.get().active() ? " is already in progress (stage '"
                                + existing.get().stage().wireName() + "', status '" + existing.get().status().wireName()
                                + "')" : " has already ended; transfer session ids are not reused"));
            }
            if (!SyncSessionStore.exists(tx, row.syncSessionId())) {
                throw new IllegalStateException("cannot begin transfer session " + row.transferSessionId()
                        + ": its sync session " + row.syncSessionId() + " is not stored in " + database
                        + "; create the sync session first");
            }
            Instant now = Instant.now();
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_transfersession (" + COLUMNS
                    + ", start_timestamp, last_activity_timestamp, client_fsic, server_fsic)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', '{}')")) {
                insert.setString(1, row.transferSessionId());
                insert.setString(2, row.syncSessionId());
                insert.setBoolean(3, row.push());
                insert.setBoolean(4, row.server());
                insert.setString(5, row.filter().toString()); // Morango's text: prefixes joined with "\n"
                insert.setString(6, capabilitiesText(row.capabilities()));
                insert.setString(7, row.datasetId());
                insert.setBoolean(8, row.localSingleUser());
                insert.setBoolean(9, row.remoteSingleUser());
                insert.setString(10, row.singleUserId());
                insert.setString(11, row.stage().wireName());
                insert.setString(12, row.status().wireName());
                insert.setString(13, row.error());
                insert.setLong(14, row.recordsTotal());
                insert.setLong(15, row.recordsTransferred());
                insert.setBoolean(16, row.active());
                tx.dialect().setInstant(insert, 17, now);
                tx.dialect().setInstant(insert, 18, now);
                insert.executeUpdate();
            }
            return SyncSessionStore.touch(tx, row.syncSessionId(), now);
        });
    }

    @Override
    public Optional<TransferSessionRow> find(String transferSessionId) {
        return database.read(tx -> find(tx, transferSessionId));
    }

    /**
     * {@inheritDoc} The row is locked first (an update of its activity time), so concurrent changes of
     * one transfer session queue up instead of overwriting each other. {@code change} runs inside the
     * transaction and may run again when the transaction is retried: it must be a pure function of the
     * row and must not call this store.
     */
    @Override
    public TransferSessionRow update(String transferSessionId, UnaryOperator<TransferSessionRow> change) {
        return database.inTransaction(tx -> {
            Instant now = Instant.now();
            try (PreparedStatement lock = tx.prepare(
                    "UPDATE morango_transfersession SET last_activity_timestamp = ? WHERE id = ?")) {
                tx.dialect().setInstant(lock, 1, now);
                lock.setString(2, transferSessionId);
                if (lock.executeUpdate() == 0) {
                    throw new NoSuchElementException("no transfer session " + transferSessionId);
                }
            }
            TransferSessionRow before = find(tx, transferSessionId).orElseThrow();
            TransferSessionRow after = change.apply(before);
            TransferSessionRow.requireValidChange(before, after);
            try (PreparedStatement update = tx.prepare("UPDATE morango_transfersession SET transfer_stage = ?,"
                    + " transfer_stage_status = ?, error = ?, records_total = ?, records_transferred = ?, active = ?"
                    + " WHERE id = ?")) {
                update.setString(1, after.stage().wireName());
                update.setString(2, after.status().wireName());
                update.setString(3, after.error());
                update.setLong(4, after.recordsTotal());
                update.setLong(5, after.recordsTransferred());
                update.setBoolean(6, after.active());
                update.setString(7, transferSessionId);
                update.executeUpdate();
            }
            SyncSessionStore.touch(tx, after.syncSessionId(), now);
            return after;
        });
    }

    @Override
    public Optional<String> attribute(String syncSessionId, String key) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(
                    "SELECT value FROM fs_session_attribute WHERE sync_session_id = ? AND key = ?")) {
                query.setString(1, syncSessionId);
                query.setString(2, key);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, String> attributes(String syncSessionId) {
        return database.read(tx -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            try (PreparedStatement query = tx.prepare(
                    "SELECT key, value FROM fs_session_attribute WHERE sync_session_id = ? ORDER BY key")) {
                query.setString(1, syncSessionId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        attributes.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return Map.copyOf(attributes);
        });
    }

    /** {@inheritDoc} One atomic upsert, so concurrent plugins never overwrite each other's keys. */
    @Override
    public void putAttribute(String syncSessionId, String key, String value) {
        database.inTransaction(tx -> {
            if (!SyncSessionStore.exists(tx, syncSessionId)) {
                throw new NoSuchElementException("cannot set attribute '" + key + "': no sync session "
                        + syncSessionId + " is stored in " + database);
            }
            return tx.update(tx.dialect().upsert("fs_session_attribute", List.of("sync_session_id", "key", "value"),
                    List.of("sync_session_id", "key"), List.of("value")), syncSessionId, key, value);
        });
    }

    @Override
    public void removeAttribute(String syncSessionId, String key) {
        database.inTransaction(tx -> tx.update(
                "DELETE FROM fs_session_attribute WHERE sync_session_id = ? AND key = ?", syncSessionId, key));
    }

    /**
     * {@inheritDoc} One conditional UPDATE: the database's row lock decides between nodes claiming at the
     * same moment, and only the one whose update matched holds the lease. On PostgreSQL the row is first
     * locked with {@code FOR UPDATE SKIP LOCKED}: while a stage's transaction holds it (queuing stores its
     * total there), a claim answers "busy" at once instead of waiting, with a pooled connection, for that
     * transaction; requests piling up that way would exhaust a node's pool.
     */
    @Override
    public boolean claimStep(String transferSessionId, String owner, long untilMillis) {
        return database.inTransaction(tx -> {
            if ("postgresql".equals(tx.dialect().name())) {
                try (PreparedStatement lock = tx.prepare(
                        "SELECT id FROM morango_transfersession WHERE id = ? FOR UPDATE SKIP LOCKED")) {
                    lock.setString(1, transferSessionId);
                    try (ResultSet rows = lock.executeQuery()) {
                        if (!rows.next()) {
                            return false;
                        }
                    }
                }
            }
            return tx.update("UPDATE morango_transfersession SET fs_step_owner = ?, fs_step_until = ? WHERE id = ?"
                    + " AND (fs_step_owner IS NULL OR fs_step_owner = ? OR fs_step_until < ?)", owner, untilMillis,
                    transferSessionId, owner, System.currentTimeMillis()) == 1;
        });
    }

    @Override
    public boolean renewStep(String transferSessionId, String owner, long untilMillis) {
        return database.inTransaction(tx -> tx.update("UPDATE morango_transfersession SET fs_step_until = ?"
                + " WHERE id = ? AND fs_step_owner = ?", untilMillis, transferSessionId, owner)) == 1;
    }

    @Override
    public Optional<String> stepHolder(String transferSessionId) {
        return database.inTransaction(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT fs_step_owner FROM morango_transfersession WHERE id = ?")) {
                query.setString(1, transferSessionId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public boolean takeOverStep(String transferSessionId, String holder, String owner, long untilMillis) {
        return database.inTransaction(tx -> tx.update("UPDATE morango_transfersession SET fs_step_owner = ?,"
                + " fs_step_until = ? WHERE id = ? AND fs_step_owner = ?", owner, untilMillis, transferSessionId,
                holder)) == 1;
    }

    @Override
    public void releaseStep(String transferSessionId, String owner) {
        database.inTransaction(tx -> tx.update("UPDATE morango_transfersession SET fs_step_owner = NULL,"
                + " fs_step_until = NULL WHERE id = ? AND fs_step_owner = ?", transferSessionId, owner));
    }

    @Override
    public String toString() {
        return "transfer sessions in " + database;
    }

    private static String capabilitiesText(Set<String> capabilities) {
        return String.join(" ", new TreeSet<>(capabilities));
    }

    private static Set<String> capabilitiesOf(String text) {
        return text.isBlank() ? Set.of() : Set.of(text.strip().split("\\s+"));
    }

    private static Optional<TransferSessionRow> find(Transaction tx, String transferSessionId) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT " + COLUMNS + " FROM morango_transfersession WHERE id = ?")) {
            query.setString(1, transferSessionId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TransferSessionRow(rows.getString("id"), rows.getString("sync_session_id"),
                        rows.getBoolean("push"), rows.getBoolean("fs_server"), SyncFilter.fromWire(rows.getString("filter")),
                        capabilitiesOf(rows.getString("fs_capabilities")), rows.getString("fs_dataset_id"),
                        rows.getBoolean("fs_local_single_user"), rows.getBoolean("fs_remote_single_user"),
                        rows.getString("fs_single_user_id"), stage(rows.getString("transfer_stage"), transferSessionId),
                        status(rows.getString("transfer_stage_status"), transferSessionId), rows.getString("error"),
                        rows.getLong("records_total"), rows.getLong("records_transferred"),
                        rows.getBoolean("active")));
            }
        }
    }

    private static SyncStage stage(String wireName, String transferSessionId) {
        // Morango's column is nullable; a row without a stage (written by another tool) is at the start
        if (wireName == null) {
            return SyncStage.INITIALIZING;
        }
        for (SyncStage stage : SyncStage.values()) {
            if (stage.wireName().equals(wireName)) {
                return stage;
            }
        }
        throw new IllegalStateException("transfer session " + transferSessionId + " has unknown stage '" + wireName + "'");
    }

    private static TransferStatus status(String wireName, String transferSessionId) {
        if (wireName == null) {
            return TransferStatus.PENDING;
        }
        for (TransferStatus status : TransferStatus.values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        throw new IllegalStateException("transfer session " + transferSessionId + " has unknown status '" + wireName + "'");
    }
}
