package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.fsic.FsicChunking;
import org.facilitysync.core.internal.fsic.FsicDiff;
import org.facilitysync.core.internal.fsic.FsicExpansion;
import org.facilitysync.core.internal.fsic.FsicJson;
import org.facilitysync.core.internal.fsic.FsicV1;
import org.facilitysync.core.internal.fsic.FsicV2;
import org.facilitysync.core.internal.fsic.PartitionCounters;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;
import org.facilitysync.core.internal.storage.TransactionOptions;
import org.facilitysync.core.internal.storage.TransactionOptions.LockMode;

/**
 * The producer's queuing stage (Morango's {@code _queue_into_buffer_v2} and {@code _v1}): puts every
 * Store record the receiver lacks into the transfer session's buffer, with all its record max counters,
 * and sets {@code records_total}.
 *
 * <p>What the receiver lacks follows from the two FSICs both sides exchanged while serializing: both are
 * checked to name only partitions within the filter, expanded, and the producer's diffed against the
 * receiver's. Each diff entry (partition P, instance I, receiver counter c) selects the records under P
 * last saved by I above c. The entries are chunked as Morango chunks them, and each chunk is one
 * set-based {@code INSERT ... SELECT} from the Store (partition prefixes matched literally through the
 * dialect's escaped {@code LIKE}); the selection starts from the {@code (last_saved_instance,
 * last_saved_counter)} index, so queuing costs what changed, not what is stored. A record that two
 * entries select (nested partitions) is buffered once. The record max counters follow in one
 * {@code INSERT ... SELECT ... JOIN}.
 *
 * <p>Runs in one transaction holding the filter's partitions in shared mode (serializing and dequeuing
 * take them exclusively), so the Store does not change under it. Queuing again replaces what an earlier
 * run queued, until the transfer of records has begun.
 */
public final class BufferQueue {

    /** Morango's queue chunk: at most this many partitions + instances per statement. */
    static final int CHUNK_SIZE = FsicChunking.QUEUE_CHUNK_SIZE;

    private final Database database;

    public BufferQueue(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Queues the transfer session's records, using the FSIC format its capabilities chose, and returns
     * {@code records_total}.
     *
     * @throws java.util.NoSuchElementException when the transfer session is not stored
     * @throws org.facilitysync.core.internal.fsic.InvalidFsicPartitionException when an FSIC names a
     *         partition outside the filter
     * @throws org.facilitysync.core.internal.fsic.FsicLimitExceededException when the diff is larger
     *         than Morango's queue limit
     * @throws IllegalStateException when records of the session have been transferred already
     */
    public long queueIntoBuffer(String transferSessionId) {
        SyncFilter filter = database.read(tx -> ExchangeSession.load(tx, transferSessionId).filter());
        TransactionOptions options = TransactionOptions.WRITE.lockingPartitions(LockMode.SHARED, filter.partitions());
        return database.inTransaction(options, tx -> {
            ExchangeSession session = ExchangeSession.load(tx, transferSessionId);
            if (!session.filter().equals(filter)) {
                throw new IllegalStateException(session + " changed its filter while being queued");
            }
            if (session.recordsTransferred() > 0) {
                throw new IllegalStateException(session + " has transferred " + session.recordsTransferred()
                        + " records already; queuing again would change the records behind their offsets");
            }
            List<List<Selector>> chunks = session.fsicFormat() == FsicFormat.V2 ? selectorsV2(session)
                    : selectorsV1(session);
            deleteBuffers(tx, transferSessionId);
            for (List<Selector> chunk : chunks) {
                insertBuffers(tx, session, chunk);
            }
            copyRecordMaxCounters(tx, transferSessionId);
            return setRecordsTotal(tx, transferSessionId);
        });
    }

    /** One diff entry: records under {@code partition} last saved by {@code instanceId} above {@code counter}. */
    record Selector(String partition, String instanceId, long counter) {
    }

    /** The v2 diff, checked and chunked as Morango does. */
    static List<List<Selector>> selectorsV2(ExchangeSession session) {
        SyncFilter filter = session.filter();
        FsicV2 producer = FsicJson.parseV2(session.producerFsic());
        FsicV2 receiver = FsicJson.parseV2(session.receiverFsic());
        FsicExpansion.requireSubPartitionsInFilter(session.push() ? receiver : producer, filter);
        FsicExpansion.requireSubPartitionsInFilter(session.push() ? producer : receiver, filter);
        PartitionCounters diff = FsicDiff.directionalV2(FsicExpansion.expandForUse(producer, filter),
                FsicExpansion.expandForUse(receiver, filter));
        if (diff.isEmpty()) {
            return List.of();
        }
        FsicChunking.requireQueueableV2(diff, CHUNK_SIZE);
        List<List<Selector>> chunks = new ArrayList<>();
        for (PartitionCounters chunk : FsicChunking.chunk(diff, CHUNK_SIZE)) {
            List<Selector> selectors = new ArrayList<>();
            for (Map.Entry<String, Map<String, Long>> partition : chunk.asMap().entrySet()) {
                partition.getValue().forEach((instance, counter) ->
                        selectors.add(new Selector(partition.getKey(), instance, counter)));
            }
            chunks.add(selectors);
        }
        return chunks;
    }

    /** The v1 diff: every instance with newer changes, under every filter partition, 200 instances a chunk. */
    static List<List<Selector>> selectorsV1(ExchangeSession session) {
        FsicV1 diff = FsicDiff.directionalV1(FsicJson.parseV1(session.producerFsic()),
                FsicJson.parseV1(session.receiverFsic()));
        FsicChunking.requireQueueableV1(diff, CHUNK_SIZE);
        List<List<Selector>> chunks = new ArrayList<>();
        List<Selector> current = new ArrayList<>();
        int instances = 0;
        for (Map.Entry<String, Long> counter : diff.counters().entrySet()) {
            if (instances == CHUNK_SIZE) {
                chunks.add(current);
                current = new ArrayList<>();
                instances = 0;
            }
            for (String partition : session.filter().partitions()) {
                current.add(new Selector(partition, counter.getKey(), counter.getValue()));
            }
            instances++;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /**
     * One chunk as one statement. The disjunction is flat, one term per selector, so that each term is
     * an index range on (last_saved_instance, last_saved_counter) and the database unions them.
     */
    private static void insertBuffers(Transaction tx, ExchangeSession session, List<Selector> selectors)
            throws SQLException {
        Dialect dialect = tx.dialect();
        StringJoiner terms = new StringJoiner(" OR ", "(", ")");
        for (int i = 0; i < selectors.size(); i++) {
            terms.add("(s.last_saved_instance = ? AND s.last_saved_counter > ? AND " + dialect.startsWith("s.partition") + ")");
        }
        String sql = "INSERT INTO morango_buffer (transfer_session_id, model_uuid, profile, serialized, deleted,"
                + " hard_deleted, last_saved_instance, last_saved_counter, partition, source_id, model_name,"
                + " conflicting_serialized_data, _self_ref_fk)"
                + " SELECT ?, s.id, s.profile, s.serialized, s.deleted, s.hard_deleted, s.last_saved_instance,"
                + " s.last_saved_counter, s.partition, s.source_id, s.model_name, s.conflicting_serialized_data,"
                + " s._self_ref_fk FROM morango_store s WHERE s.profile = ? AND " + terms + " ORDER BY s.id"
                + " ON CONFLICT (transfer_session_id, model_uuid) DO NOTHING";
        try (PreparedStatement insert = tx.prepare(sql)) {
            int p = 1;
            insert.setString(p++, session.id());
            insert.setString(p++, session.profile());
            for (Selector selector : selectors) {
                insert.setString(p++, selector.instanceId());
                insert.setLong(p++, selector.counter());
                insert.setString(p++, Dialect.likePrefixPattern(selector.partition()));
            }
            insert.executeUpdate();
        }
    }

    /**
     * Every record max counter of every queued record, tied to its buffer row, in buffer order and then
     * in the order they were written (Morango's {@code rmcb_list} order).
     */
    private static void copyRecordMaxCounters(Transaction tx, String transferSessionId) throws SQLException {
        tx.update("INSERT INTO morango_recordmaxcounterbuffer (transfer_session_id, model_uuid, instance_id, counter,"
                + " fs_buffer_id) SELECT b.transfer_session_id, r.store_model_id, r.instance_id, r.counter, b.id"
                + " FROM morango_buffer b JOIN morango_recordmaxcounter r ON r.store_model_id = b.model_uuid"
                + " WHERE b.transfer_session_id = ? ORDER BY b.id, r.id", transferSessionId);
    }

    private static void deleteBuffers(Transaction tx, String transferSessionId) throws SQLException {
        tx.update("DELETE FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = ?", transferSessionId);
        tx.update("DELETE FROM morango_buffer WHERE transfer_session_id = ?", transferSessionId);
    }

    private static long setRecordsTotal(Transaction tx, String transferSessionId) throws SQLException {
        long total;
        try (PreparedStatement count = tx.prepare("SELECT count(*) FROM morango_buffer WHERE transfer_session_id = ?")) {
            count.setString(1, transferSessionId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
        }
        try (PreparedStatement update = tx.prepare("UPDATE morango_transfersession SET records_total = ?,"
                + " last_activity_timestamp = ? WHERE id = ?")) {
            update.setLong(1, total);
            tx.dialect().setInstant(update, 2, Instant.now());
            update.setString(3, transferSessionId);
            update.executeUpdate();
        }
        return total;
    }
}
