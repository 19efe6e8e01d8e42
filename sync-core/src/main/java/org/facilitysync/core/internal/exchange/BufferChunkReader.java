package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The sending side of a transfer: a chunk of a transfer session's buffer as wire records, in buffer key
 * order from an offset (Morango's {@code Buffer.objects.filter(...).order_by("pk")[offset:offset+limit]},
 * which both a pull page and a push POST are). Each record carries its full {@code rmcb_list}, fetched for
 * the whole chunk in one query (the RMCB rows name their buffer row), in the order they were queued.
 *
 * <p>An SQL {@code OFFSET} walks every earlier row again, which makes a long transfer quadratic. A
 * transfer reads its chunks one after the other, so the reader remembers where each transfer session's
 * last chunk ended and continues from that key when the next offset follows on. A producer's buffer does
 * not change between queuing and cleanup; a re-queue replaces every row (new keys), so the remembered
 * key is checked to still exist before it is used, and the plain offset query is the fallback.
 */
public final class BufferChunkReader {

    private static final int MAX_REMEMBERED = 1024;

    private final Database database;
    private final Map<String, Position> positions = new ConcurrentHashMap<>();

    public BufferChunkReader(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Where the last chunk of a transfer session ended: the offset after it, and the last buffer key in it. */
    private record Position(long nextOffset, long lastKey) {
    }

    /**
     * At most {@code limit} records of the transfer session's buffer from {@code offset}, in buffer key
     * order; fewer at the end, none past it.
     */
    public List<BufferRecord> read(String transferSessionId, long offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("chunk of transfer session " + transferSessionId
                    + " needs offset >= 0 and limit >= 1, got offset " + offset + ", limit " + limit);
        }
        List<Row> rows = database.read(tx -> {
            List<Row> chunk = readBuffers(tx, transferSessionId, offset, limit);
            if (!chunk.isEmpty()) {
                attachRecordMaxCounters(tx, transferSessionId, chunk);
            }
            return chunk;
        });
        remember(transferSessionId, offset, rows, limit);
        List<BufferRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            records.add(row.record());
        }
        return records;
    }

    /** How many records the transfer session's buffer holds (a page's {@code count}). */
    public long count(String transferSessionId) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(
                    "SELECT count(*) FROM morango_buffer WHERE transfer_session_id = ?")) {
                query.setString(1, transferSessionId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private List<Row> readBuffers(Transaction tx, String transferSessionId, long offset, int limit)
            throws SQLException {
        Position position = positions.get(transferSessionId);
        boolean continues = position != null && position.nextOffset() == offset
                && bufferExists(tx, transferSessionId, position.lastKey());
        String sql = "SELECT id, model_uuid, profile, serialized, deleted, hard_deleted, last_saved_instance,"
                + " last_saved_counter, partition, source_id, model_name, conflicting_serialized_data, _self_ref_fk"
                + " FROM morango_buffer WHERE transfer_session_id = ?"
                + (continues ? " AND id > ? ORDER BY id LIMIT ?" : " ORDER BY id LIMIT ? OFFSET ?");
        List<Row> rows = new ArrayList<>(Math.min(limit, 10_000));
        try (PreparedStatement query = tx.prepare(sql)) {
            query.setFetchSize(Math.min(limit, 1000));
            query.setString(1, transferSessionId);
            if (continues) {
                query.setLong(2, position.lastKey());
                query.setInt(3, limit);
            } else {
                query.setInt(2, limit);
                query.setLong(3, offset);
            }
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong("id"), result.getString("model_uuid"), result.getString("profile"),
                            result.getString("serialized"), result.getBoolean("deleted"),
                            result.getBoolean("hard_deleted"), result.getString("last_saved_instance"),
                            result.getLong("last_saved_counter"), result.getString("partition"),
                            result.getString("source_id"), result.getString("model_name"),
                            result.getString("conflicting_serialized_data"), result.getString("_self_ref_fk"),
                            transferSessionId, new ArrayList<>(2)));
                }
            }
        }
        return rows;
    }

    /** One query for the whole chunk: the RMCB rows of the chunk's buffer key range. */
    private static void attachRecordMaxCounters(Transaction tx, String transferSessionId, List<Row> chunk)
            throws SQLException {
        Map<Long, Row> byKey = new HashMap<>();
        chunk.forEach(row -> byKey.put(row.key, row));
        try (PreparedStatement query = tx.prepare("SELECT fs_buffer_id, instance_id, counter"
                + " FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = ? AND fs_buffer_id >= ?"
                + " AND fs_buffer_id <= ? ORDER BY fs_buffer_id, id")) {
            query.setFetchSize(1000);
            query.setString(1, transferSessionId);
            query.setLong(2, chunk.get(0).key);
            query.setLong(3, chunk.get(chunk.size() - 1).key);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Row row = byKey.get(rows.getLong(1));
                    if (row != null) {
                        row.rmcbs.add(new RecordMaxCounterBufferEntry(transferSessionId, row.modelUuid,
                                rows.getString(2), rows.getLong(3)));
                    }
                }
            }
        }
    }

    private static boolean bufferExists(Transaction tx, String transferSessionId, long key) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT 1 FROM morango_buffer WHERE id = ? AND transfer_session_id = ?")) {
            query.setLong(1, key);
            query.setString(2, transferSessionId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void remember(String transferSessionId, long offset, List<Row> rows, int limit) {
        if (rows.size() < limit) {
            // the end of the buffer: nothing follows on
            positions.remove(transferSessionId);
            return;
        }
        if (positions.size() >= MAX_REMEMBERED && !positions.containsKey(transferSessionId)) {
            positions.clear();
        }
        positions.put(transferSessionId, new Position(offset + rows.size(), rows.get(rows.size() - 1).key));
    }

    /** A buffer row while its chunk is being read. */
    private record Row(long key, String modelUuid, String profile, String serialized, boolean deleted,
                       boolean hardDeleted, String lastSavedInstance, long lastSavedCounter, String partition,
                       String sourceId, String modelName, String conflictingSerializedData, String selfRefFk,
                       String transferSessionId, List<RecordMaxCounterBufferEntry> rmcbs) {

        BufferRecord record() {
            return new BufferRecord(serialized, deleted, lastSavedInstance, lastSavedCounter, hardDeleted, partition,
                    sourceId, modelName, conflictingSerializedData, modelUuid, transferSessionId, profile, rmcbs,
                    selfRefFk);
        }
    }
}
