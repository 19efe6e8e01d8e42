package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.storage.InstanceIdStore.VersionStamp;
import org.facilitysync.core.internal.storage.Transaction;
import org.facilitysync.core.internal.storage.TransactionOptions;
import org.facilitysync.core.internal.storage.TransactionOptions.LockMode;

/**
 * The receiver's dequeuing stage (Morango's {@code _dequeue_into_store}): merges a transfer session's
 * buffer into the Store and the record max counters, empties the buffer, and raises the DatabaseMaxCounters
 * from the sender's FSIC — in one isolated transaction holding the filter's partitions exclusively, with
 * one counter increment, every step one set-based statement, in Morango's order:
 *
 * <ol>
 * <li>reverse fast-forwards are dropped: records whose incoming version the Store already has (a record
 * max counter of the buffer's last-saved instance at or above its counter);</li>
 * <li>the instance counter is raised once: the stamp of every merge conflict;</li>
 * <li>merge conflicts (a Store version the incoming history does not cover) keep the local
 * {@code serialized}; {@code conflicting_serialized_data} becomes incoming + "\n" + previous; the deleted
 * flags are OR-ed; a hard-deleted incoming record blanks both texts; the record is restamped and dirty;</li>
 * <li>their record max counters take the higher incoming counter per instance, and the new stamp;</li>
 * <li>their buffer rows go, keeping the incoming counters of instances new to the record;</li>
 * <li>fast-forwards and new records replace the Store row as they came, dirty;</li>
 * <li>the remaining incoming counters are upserted, never lowering one;</li>
 * <li>the buffers are purged, and the sender's FSIC raises our DatabaseMaxCounters (never lowering).</li>
 * </ol>
 *
 * <p>Merge-conflict flags follow Morango's SQLite backend on both databases: {@code hard_deleted} is
 * OR-ed too (Morango's PostgreSQL backend keeps the local one, so the two Morango backends disagree; a
 * record hard-deleted anywhere should stay hard-deleted). Morango identifies merge conflicts after step 3
 * by "not a fast-forward" again; here by the new stamp, which only step 3 can have written.
 */
public final class StoreDequeue {

    private final Database database;
    private final InstanceIdStore instances;

    public StoreDequeue(Database database, InstanceIdStore instances) {
        this.database = Objects.requireNonNull(database, "database");
        this.instances = Objects.requireNonNull(instances, "instances");
    }

    /**
     * Dequeues the transfer session's buffer into the Store.
     *
     * @param senderFsic the FSIC text the sending side sent while serializing (the client's in a push,
     *        the server's in a pull); in the session's FSIC format
     * @throws java.util.NoSuchElementException when the transfer session is not stored
     * @throws IllegalStateException when this node has no current instance to stamp with
     */
    public DequeueResult dequeueIntoStore(String transferSessionId, String senderFsic) {
        Objects.requireNonNull(senderFsic, "senderFsic");
        SyncFilter filter = database.read(tx -> ExchangeSession.load(tx, transferSessionId).filter());
        TransactionOptions options = TransactionOptions.WRITE.isolated()
                .lockingPartitions(LockMode.EXCLUSIVE, filter.partitions());
        return database.inTransaction(options, tx -> {
            ExchangeSession session = ExchangeSession.load(tx, transferSessionId);
            String ts = session.id();
            int reverseFastForwards = dropReverseFastForwards(tx, ts);
            VersionStamp stamp = instances.incrementCounter();
            int conflicts = mergeConflicts(tx, ts, stamp);
            mergeConflictCounters(tx, ts, stamp);
            stampConflictCounters(tx, ts, stamp);
            dropMergedConflicts(tx, ts, stamp);
            int fastForwards = fastForward(tx, ts);
            upsertRemainingCounters(tx, ts);
            tx.update("DELETE FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = ?", ts);
            tx.update("DELETE FROM morango_buffer WHERE transfer_session_id = ?", ts);
            int raised = DatabaseMaxCounters.raiseFromSender(tx, senderFsic, session.filter(), session.fsicFormat());
            return new DequeueResult(stamp, reverseFastForwards, conflicts, fastForwards, raised);
        });
    }

    /** Step 1: the Store has the buffered version or a newer one. */
    private static int dropReverseFastForwards(Transaction tx, String ts) throws SQLException {
        tx.update("DELETE FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = ? AND EXISTS ("
                + "SELECT 1 FROM morango_buffer b JOIN morango_recordmaxcounter r ON r.store_model_id = b.model_uuid"
                + " AND r.instance_id = b.last_saved_instance AND r.counter >= b.last_saved_counter"
                + " WHERE b.id = morango_recordmaxcounterbuffer.fs_buffer_id)", ts);
        return tx.update("DELETE FROM morango_buffer WHERE transfer_session_id = ? AND EXISTS ("
                + "SELECT 1 FROM morango_recordmaxcounter r WHERE r.store_model_id = morango_buffer.model_uuid"
                + " AND r.instance_id = morango_buffer.last_saved_instance"
                + " AND r.counter >= morango_buffer.last_saved_counter)", ts);
    }

    /**
     * Step 3: Store rows with a buffered record whose history (its RMCB rows, found by buffer key) does not
     * cover the Store's version. The WHERE clause sees the rows before the update, so the restamping cannot
     * change which match.
     */
    private static int mergeConflicts(Transaction tx, String ts, VersionStamp stamp) throws SQLException {
        String yes = tx.dialect().booleanLiteral(true);
        try (PreparedStatement update = tx.prepare("UPDATE morango_store SET"
                + " serialized = CASE WHEN b.hard_deleted THEN '' ELSE morango_store.serialized END,"
                + " deleted = (morango_store.deleted OR b.deleted),"
                + " hard_deleted = (morango_store.hard_deleted OR b.hard_deleted),"
                + " conflicting_serialized_data = CASE WHEN b.hard_deleted THEN ''"
                + " ELSE b.serialized || CAST(? AS TEXT) || morango_store.conflicting_serialized_data END,"
                + " last_saved_instance = ?, last_saved_counter = ?, dirty_bit = " + yes + ","
                + " deserialization_error = '', last_transfer_session_id = ?"
                + " FROM morango_buffer b"
                + " WHERE b.transfer_session_id = ? AND b.model_uuid = morango_store.id"
                + " AND NOT EXISTS (SELECT 1 FROM morango_recordmaxcounterbuffer x WHERE x.transfer_session_id = ?"
                + " AND x.fs_buffer_id = b.id AND x.instance_id = morango_store.last_saved_instance"
                + " AND x.counter >= morango_store.last_saved_counter)")) {
            update.setString(1, "\n");
            update.setString(2, stamp.instanceId());
            update.setLong(3, stamp.counter());
            update.setString(4, ts);
            update.setString(5, ts);
            update.setString(6, ts);
            return update.executeUpdate();
        }
    }

    /** Step 4: a merge conflict's record max counters take the incoming counter where it is higher. */
    private static void mergeConflictCounters(Transaction tx, String ts, VersionStamp stamp) throws SQLException {
        tx.update("UPDATE morango_recordmaxcounter SET counter = x.counter"
                + " FROM morango_recordmaxcounterbuffer x, morango_store s"
                + " WHERE x.transfer_session_id = ? AND x.model_uuid = morango_recordmaxcounter.store_model_id"
                + " AND x.instance_id = morango_recordmaxcounter.instance_id AND x.counter > morango_recordmaxcounter.counter"
                + " AND s.id = x.model_uuid AND s.last_saved_instance = ? AND s.last_saved_counter = ?",
                ts, stamp.instanceId(), stamp.counter());
    }

    /** Step 5: a merge conflict's record max counter of this instance is the new stamp. */
    private static void stampConflictCounters(Transaction tx, String ts, VersionStamp stamp) throws SQLException {
        tx.update("INSERT INTO morango_recordmaxcounter (store_model_id, instance_id, counter)"
                + " SELECT s.id, ?, ? FROM morango_store s JOIN morango_buffer b ON b.model_uuid = s.id"
                + " WHERE b.transfer_session_id = ? AND s.last_saved_instance = ? AND s.last_saved_counter = ?"
                + " ON CONFLICT (store_model_id, instance_id) DO UPDATE SET counter = excluded.counter",
                stamp.instanceId(), stamp.counter(), ts, stamp.instanceId(), stamp.counter());
    }

    /**
     * Step 6: a merge conflict's buffer rows are done with, except the incoming counters of instances the
     * record had no counter for, which step 7 upserts.
     */
    private static void dropMergedConflicts(Transaction tx, String ts, VersionStamp stamp) throws SQLException {
        tx.update("DELETE FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = ? AND EXISTS ("
                + "SELECT 1 FROM morango_store s JOIN morango_recordmaxcounter r ON r.store_model_id = s.id"
                + " WHERE s.id = morango_recordmaxcounterbuffer.model_uuid AND s.last_saved_instance = ?"
                + " AND s.last_saved_counter = ? AND r.instance_id = morango_recordmaxcounterbuffer.instance_id)",
                ts, stamp.instanceId(), stamp.counter());
        tx.update("DELETE FROM morango_buffer WHERE transfer_session_id = ? AND EXISTS ("
                + "SELECT 1 FROM morango_store s WHERE s.id = morango_buffer.model_uuid"
                + " AND s.last_saved_instance = ? AND s.last_saved_counter = ?)",
                ts, stamp.instanceId(), stamp.counter());
    }

    /**
     * Step 7: what is left are fast-forwards and new records; they replace the Store row column for
     * column (Morango's {@code REPLACE INTO}), dirty, with no deserialization error. An upsert rather than
     * a replace, so that the row's record max counters are not cascaded away. Written in partition order,
     * so that the Store's partition indexes take the rows in key order instead of all over the place
     * (twice as fast on SQLite for a first sync).
     */
    private static int fastForward(Transaction tx, String ts) throws SQLException {
        String yes = tx.dialect().booleanLiteral(true);
        return tx.update("INSERT INTO morango_store (id, profile, serialized, deleted, hard_deleted,"
                + " last_saved_instance, last_saved_counter, partition, source_id, model_name,"
                + " conflicting_serialized_data, _self_ref_fk, dirty_bit, deserialization_error, last_transfer_session_id)"
                + " SELECT b.model_uuid, b.profile, b.serialized, b.deleted, b.hard_deleted, b.last_saved_instance,"
                + " b.last_saved_counter, b.partition, b.source_id, b.model_name, b.conflicting_serialized_data,"
                + " b._self_ref_fk, " + yes + ", '', b.transfer_session_id FROM morango_buffer b"
                + " WHERE b.transfer_session_id = ? ORDER BY b.partition, b.model_uuid"
                + " ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, serialized = excluded.serialized,"
                + " deleted = excluded.deleted, hard_deleted = excluded.hard_deleted,"
                + " last_saved_instance = excluded.last_saved_instance, last_saved_counter = excluded.last_saved_counter,"
                + " partition = excluded.partition, source_id = excluded.source_id, model_name = excluded.model_name,"
                + " conflicting_serialized_data = excluded.conflicting_serialized_data,"
                + " _self_ref_fk = excluded._self_ref_fk, dirty_bit = excluded.dirty_bit,"
                + " deserialization_error = excluded.deserialization_error,"
                + " last_transfer_session_id = excluded.last_transfer_session_id", ts);
    }

    /**
     * Step 8: the remaining incoming counters (fast-forwards, new records, instances new to a merge
     * conflict). Morango replaces the counter; we keep the greater, which is the same for consistent
     * histories and never loses a version the record already contains. Written in the unique index's
     * order, for the same reason as step 7.
     */
    private static void upsertRemainingCounters(Transaction tx, String ts) throws SQLException {
        String table = "morango_recordmaxcounter";
        tx.update("INSERT INTO " + table + " (store_model_id, instance_id, counter)"
                + " SELECT x.model_uuid, x.instance_id, x.counter FROM morango_recordmaxcounterbuffer x"
                + " WHERE x.transfer_session_id = ? ORDER BY x.model_uuid, x.instance_id"
                + " ON CONFLICT (store_model_id, instance_id) DO UPDATE SET counter = "
                + tx.dialect().greatest(table + ".counter", "excluded.counter"), ts);
    }
}
