package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import org.facilitysync.core.internal.exchange.BufferRecordParser.MalformedRecordException;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The receiving side of a transfer: checks each record of a chunk, buffers the acceptable ones with
 * their record max counters, keeps the refused ones with the reason, and advances the transfer
 * session's {@code records_transferred} and byte counters — all in one transaction, so a crash never
 * leaves a chunk half counted (Morango's {@code validate_and_create_buffer_data}).
 *
 * <p>Unlike Morango, one bad record does not fail the chunk: it is refused on its own (not buffered,
 * kept in {@code fs_transfer_record_error}, returned in {@link ReceivedChunk#rejected()}) and the rest
 * applies.
 *
 * <p>A chunk may arrive twice (a push resumed from the client's own offset re-sends the chunk whose
 * answer was lost). Records already buffered or already refused for this transfer session are then
 * neither stored nor counted again, so {@code records_transferred} stays the number of distinct records
 * received and still meets {@code records_total} exactly.
 */
public final class BufferChunkReceiver {

    private static final List<String> BUFFER_COLUMNS = List.of("transfer_session_id", "model_uuid", "profile",
            "serialized", "deleted", "hard_deleted", "last_saved_instance", "last_saved_counter", "partition",
            "source_id", "model_name", "conflicting_serialized_data", "_self_ref_fk");
    private static final List<String> RMCB_COLUMNS = List.of("transfer_session_id", "model_uuid", "instance_id",
            "counter", "fs_buffer_id");
    private static final List<String> ERROR_COLUMNS = List.of("transfer_session_id", "record_key", "model_uuid",
            "model_name", "reason", "at");

    private final Database database;
    private final ModelIdRules modelIdRules;

    public BufferChunkReceiver(Database database, ModelIdRules modelIdRules) {
        this.database = Objects.requireNonNull(database, "database");
        this.modelIdRules = Objects.requireNonNull(modelIdRules, "modelIdRules");
    }

    /**
     * Receives records that arrived as objects (in-process transfer, or already parsed).
     *
     * @param bytesSent bytes this node sent for the chunk, added to the session's {@code bytes_sent}
     * @param bytesReceived bytes it received for the chunk, added to {@code bytes_received}
     * @throws java.util.NoSuchElementException when the transfer session is not stored
     * @throws IllegalStateException when it has ended
     */
    public ReceivedChunk receive(String transferSessionId, List<BufferRecord> records, long bytesSent,
                                 long bytesReceived) {
        return store(transferSessionId, new ArrayList<>(records), bytesSent, bytesReceived, false);
    }

    /**
     * Receives the records only if every one is acceptable, as a network endpoint that answers "all or
     * nothing" does: when any is refused, nothing is stored or counted and the result names the refusals
     * ({@link ReceivedChunk#buffered()} 0). Each record is checked once, in the storing transaction
     * (checking first with {@link #check} and then receiving checked every record twice).
     *
     * @throws java.util.NoSuchElementException when the transfer session is not stored
     * @throws IllegalStateException when it has ended
     */
    public ReceivedChunk receiveAllOrNothing(String transferSessionId, List<BufferRecord> records, long bytesSent,
                                             long bytesReceived) {
        return store(transferSessionId, new ArrayList<>(records), bytesSent, bytesReceived, true);
    }

    /**
     * Receives a chunk as JSON: an array of buffer records, or a single record (Morango's POST accepts
     * both). Records that cannot be read are refused like invalid ones.
     */
    public ReceivedChunk receiveJson(String transferSessionId, JsonNode chunk, long bytesSent, long bytesReceived) {
        Objects.requireNonNull(chunk, "chunk");
        List<Object> candidates = new ArrayList<>();
        Iterable<JsonNode> elements = chunk.isArray() ? chunk : List.of(chunk);
        for (JsonNode element : elements) {
            try {
                candidates.add(BufferRecordParser.parse(element));
            } catch (MalformedRecordException e) {
                candidates.add(e.rejection());
            }
        }
        return store(transferSessionId, candidates, bytesSent, bytesReceived, false);
    }

    /**
     * What this receiver would refuse of {@code records}, without storing or counting anything: a
     * network endpoint that answers "all or nothing" checks a request first.
     *
     * @throws java.util.NoSuchElementException when the transfer session is not stored
     */
    public List<RecordRejection> check(String transferSessionId, List<BufferRecord> records) {
        return database.read(tx -> {
            ExchangeSession session = ExchangeSession.load(tx, transferSessionId);
            List<RecordRejection> rejected = new ArrayList<>();
            for (BufferRecord record : records) {
                String problem = ReceivedRecordCheck.problem(record, session, modelIdRules);
                if (problem != null) {
                    rejected.add(RecordRejection.of(record.modelUuid(), record.modelName(), problem,
                            BufferRecordJson.record(record, BufferRecordJson.Style.CLIENT)));
                }
            }
            return rejected;
        });
    }

    /** Every record refused in this transfer session so far, in key order. */
    public List<RecordRejection> rejections(String transferSessionId) {
        return database.read(tx -> {
            List<RecordRejection> rejections = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT record_key, model_uuid, model_name, reason"
                    + " FROM fs_transfer_record_error WHERE transfer_session_id = ? ORDER BY record_key")) {
                query.setString(1, transferSessionId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        rejections.add(new RecordRejection(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4)));
                    }
                }
            }
            return rejections;
        });
    }

    /**
     * {@code candidates} holds {@link BufferRecord}s and, for unreadable records, {@link RecordRejection}s;
     * with {@code allOrNothing} a single refusal leaves everything unchanged.
     */
    private ReceivedChunk store(String transferSessionId, List<Object> candidates, long bytesSent, long bytesReceived,
                                boolean allOrNothing) {
        return database.inTransaction(tx -> {
            ExchangeSession session = ExchangeSession.load(tx, transferSessionId);
            if (!session.active()) {
                throw new IllegalStateException(session + " has ended; it takes no more records");
            }
            Map<String, BufferRecord> acceptable = new LinkedHashMap<>();
            List<RecordRejection> rejected = new ArrayList<>();
            for (Object candidate : candidates) {
                if (candidate instanceof RecordRejection rejection) {
                    rejected.add(rejection);
                    continue;
                }
                BufferRecord record = (BufferRecord) candidate;
                String problem = ReceivedRecordCheck.problem(record, session, modelIdRules);
                if (problem != null) {
                    rejected.add(RecordRejection.of(record.modelUuid(), record.modelName(), problem,
                            BufferRecordJson.record(record, BufferRecordJson.Style.CLIENT)));
                } else {
                    // a record twice in one chunk is stored once; the second counts as already received
                    acceptable.putIfAbsent(record.modelUuid(), record.withProfile(session.profile()));
                }
            }
            if (allOrNothing && !rejected.isEmpty()) {
                return new ReceivedChunk(candidates.size(), 0, 0, rejected, session.recordsTransferred());
            }
            Map<String, Long> keys = insertBuffers(tx, transferSessionId, new ArrayList<>(acceptable.values()));
            List<BufferRecord> fresh = new ArrayList<>(keys.size());
            for (BufferRecord record : acceptable.values()) {
                if (keys.containsKey(record.modelUuid())) {
                    fresh.add(record);
                }
            }
            insertRecordMaxCounterBuffers(tx, transferSessionId, fresh, keys);
            int newlyRejected = insertRejections(tx, transferSessionId, rejected);
            long transferred = count(tx, transferSessionId, fresh.size() + newlyRejected, bytesSent, bytesReceived);
            return new ReceivedChunk(candidates.size(), fresh.size(), candidates.size() - fresh.size() - newlyRejected,
                    rejected, transferred);
        });
    }

    /**
     * Buffers the records not buffered yet (the unique (transfer session, model uuid) constraint decides,
     * so a record delivered twice, even concurrently, is stored once) and returns the new rows' keys.
     */
    private static Map<String, Long> insertBuffers(Transaction tx, String transferSessionId, List<BufferRecord> records)
            throws SQLException {
        Map<String, Long> keys = new HashMap<>();
        Dialect dialect = tx.dialect();
        int perStatement = dialect.rowsPerInsert(BUFFER_COLUMNS.size());
        for (int from = 0; from < records.size(); from += perStatement) {
            List<BufferRecord> part = records.subList(from, Math.min(records.size(), from + perStatement));
            try (PreparedStatement insert = tx.prepare(dialect.insertIgnoringConflicts("morango_buffer", BUFFER_COLUMNS,
                    List.of("transfer_session_id", "model_uuid"), part.size()) + " RETURNING model_uuid, id")) {
                int p = 1;
                for (BufferRecord r : part) {
                    insert.setString(p++, transferSessionId);
                    insert.setString(p++, r.modelUuid());
                    insert.setString(p++, r.profile());
                    insert.setString(p++, r.serialized());
                    insert.setBoolean(p++, r.deleted());
                    insert.setBoolean(p++, r.hardDeleted());
                    insert.setString(p++, r.lastSavedInstance());
                    insert.setLong(p++, r.lastSavedCounter());
                    insert.setString(p++, r.partition());
                    insert.setString(p++, r.sourceId());
                    insert.setString(p++, r.modelName());
                    insert.setString(p++, r.conflictingSerializedData());
                    insert.setString(p++, r.selfRefFk());
                }
                try (ResultSet inserted = insert.executeQuery()) {
                    while (inserted.next()) {
                        keys.put(inserted.getString(1), inserted.getLong(2));
                    }
                }
            }
        }
        return keys;
    }

    /** The RMCBs of the records just buffered, each tied to its record's buffer row. */
    private static void insertRecordMaxCounterBuffers(Transaction tx, String transferSessionId,
                                                      List<BufferRecord> records, Map<String, Long> keys)
            throws SQLException {
        List<RecordMaxCounterBufferEntry> entries = new ArrayList<>();
        records.forEach(r -> entries.addAll(r.rmcbList()));
        Dialect dialect = tx.dialect();
        int perStatement = dialect.rowsPerInsert(RMCB_COLUMNS.size());
        for (int from = 0; from < entries.size(); from += perStatement) {
            List<RecordMaxCounterBufferEntry> part = entries.subList(from, Math.min(entries.size(), from + perStatement));
            try (PreparedStatement insert = tx.prepare(dialect.insertRows("morango_recordmaxcounterbuffer", RMCB_COLUMNS,
                    part.size()))) {
                int p = 1;
                for (RecordMaxCounterBufferEntry e : part) {
                    insert.setString(p++, transferSessionId);
                    insert.setString(p++, e.modelUuid());
                    insert.setString(p++, e.instanceId());
                    insert.setLong(p++, e.counter());
                    insert.setLong(p++, keys.get(e.modelUuid()));
                }
                insert.executeUpdate();
            }
        }
    }

    /** Records the refusals not recorded before; returns how many were new. */
    private static int insertRejections(Transaction tx, String transferSessionId, List<RecordRejection> rejected)
            throws SQLException {
        Map<String, RecordRejection> byKey = new LinkedHashMap<>();
        rejected.forEach(r -> byKey.putIfAbsent(r.recordKey(), r));
        List<RecordRejection> distinct = new ArrayList<>(byKey.values());
        Dialect dialect = tx.dialect();
        Instant now = Instant.now();
        int perStatement = dialect.rowsPerInsert(ERROR_COLUMNS.size());
        int inserted = 0;
        for (int from = 0; from < distinct.size(); from += perStatement) {
            List<RecordRejection> part = distinct.subList(from, Math.min(distinct.size(), from + perStatement));
            try (PreparedStatement insert = tx.prepare(dialect.insertIgnoringConflicts("fs_transfer_record_error",
                    ERROR_COLUMNS, List.of("transfer_session_id", "record_key"), part.size()))) {
                int p = 1;
                for (RecordRejection r : part) {
                    insert.setString(p++, transferSessionId);
                    insert.setString(p++, r.recordKey());
                    insert.setString(p++, withoutNul(r.modelUuid()));
                    insert.setString(p++, withoutNul(r.modelName()));
                    insert.setString(p++, withoutNul(r.reason()));
                    dialect.setInstant(insert, p++, now);
                }
                inserted += insert.executeUpdate();
            }
        }
        return inserted;
    }

    /** Adds to the session's counters and returns its records_transferred after that. */
    private static long count(Transaction tx, String transferSessionId, long records, long bytesSent,
                              long bytesReceived) throws SQLException {
        try (PreparedStatement update = tx.prepare("UPDATE morango_transfersession SET"
                + " records_transferred = records_transferred + ?, bytes_sent = COALESCE(bytes_sent, 0) + ?,"
                + " bytes_received = COALESCE(bytes_received, 0) + ?, last_activity_timestamp = ? WHERE id = ?")) {
            update.setLong(1, records);
            update.setLong(2, bytesSent);
            update.setLong(3, bytesReceived);
            tx.dialect().setInstant(update, 4, Instant.now());
            update.setString(5, transferSessionId);
            update.executeUpdate();
        }
        try (PreparedStatement query = tx.prepare("SELECT records_transferred FROM morango_transfersession WHERE id = ?")) {
            query.setString(1, transferSessionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A refusal's texts quote what was received, which may hold a NUL PostgreSQL cannot store. */
    private static String withoutNul(String text) {
        return text == null ? null : text.replace("\0", "\\u0000");
    }
}
