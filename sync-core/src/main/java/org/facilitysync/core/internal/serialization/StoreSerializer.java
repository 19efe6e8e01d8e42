package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.core.internal.model.AppColumns;
import org.facilitysync.core.internal.model.ModelRegistry;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.model.SqlNames;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.storage.InstanceIdStore.VersionStamp;
import org.facilitysync.core.internal.storage.Transaction;
import org.facilitysync.core.internal.storage.TransactionOptions;
import org.facilitysync.core.internal.storage.TransactionOptions.LockMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Morango's {@code _serialize_into_store(profile, filter)} (reference §4.3): copies the dirty
 * application rows under the filter into the Store, turns queued deletions into tombstones, and raises
 * this instance's DatabaseMaxCounters.
 *
 * <p>One pass is one transaction, REPEATABLE READ with the filter's partitions locked exclusively, and
 * takes one new counter. Models are visited in dependency order; each model's dirty rows are read
 * {@code chunkSize} at a time through the partial dirty index, together with their Store rows (one
 * query), merged, sorted by id and written with multi-row upserts of Store and RecordMaxCounter rows
 * (the pass's stamp as SQL literals); then their dirty bits are cleared, so the next chunk query finds
 * the rest. A pass without changes costs a few indexed queries. Memory is bounded by the chunk size.
 *
 * <p>Deliberate differences from Morango: the DatabaseMaxCounter is never lowered; an existing Store
 * row's {@code _self_ref_fk} follows the record's current parent (Morango sets it only on creation);
 * Store text that is not a JSON object is replaced instead of failing the pass.
 */
public final class StoreSerializer {

    /** Dirty rows handled per round trip. */
    public static final int DEFAULT_CHUNK_SIZE = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(StoreSerializer.class);

    private static final List<String> STORE_COLUMNS = List.of("id", "profile", "serialized", "deleted", "hard_deleted",
            "last_saved_instance", "last_saved_counter", "partition", "source_id", "model_name",
            "conflicting_serialized_data", "_self_ref_fk", "dirty_bit", "deserialization_error",
            "last_transfer_session_id");
    /** What a serialization changes on an existing Store row; partition, source id and names never change. */
    private static final List<String> STORE_UPDATED = List.of("serialized", "deleted", "hard_deleted",
            "last_saved_instance", "last_saved_counter", "conflicting_serialized_data", "_self_ref_fk", "dirty_bit",
            "last_transfer_session_id");
    private static final List<String> RMC_COLUMNS = List.of("store_model_id", "instance_id", "counter");

    private final Database database;
    private final ModelRegistry registry;
    private final InstanceIdStore instances;
    private final int chunkSize;

    public StoreSerializer(Database database, ModelRegistry registry) {
        this(database, registry, DEFAULT_CHUNK_SIZE);
    }

    public StoreSerializer(Database database, ModelRegistry registry, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.instances = new InstanceIdStore(database);
        this.chunkSize = chunkSize;
    }

    /**
     * Serializes the profile's dirty records under {@code filter} (all partitions when null) into the
     * Store, in one transaction.
     *
     * @throws IllegalStateException when the database has no current instance
     */
    public SerializationResult serializeIntoStore(String profile, SyncFilter filter) {
        Objects.requireNonNull(profile, "profile");
        List<String> prefixes = Prefixes.of(filter);
        ProfileModels models = registry.profile(profile);
        TransactionOptions options = TransactionOptions.WRITE.isolated().lockingPartitions(LockMode.EXCLUSIVE, prefixes);
        long started = System.nanoTime();
        SerializationResult result = database.inTransaction(options, tx -> pass(tx, models, prefixes));
        LOG.debug("Serialized profile {} under {} in {} ms: {}", profile, prefixes,
                (System.nanoTime() - started) / 1_000_000, result);
        return result;
    }

    private SerializationResult pass(Transaction tx, ProfileModels models, List<String> prefixes) throws SQLException {
        VersionStamp stamp = instances.incrementCounter();
        long serialized = 0;
        long created = 0;
        try (StoreWriter writer = new StoreWriter(tx, models.profile(), stamp)) {
            for (RegisteredModel model : models.inDependencyOrder()) {
                long[] counts = serializeModel(tx, model, prefixes, writer);
                serialized += counts[0];
                created += counts[1];
            }
        }
        long deleted = tombstoneDeleted(tx, models.profile(), stamp);
        long hardDeleted = blankHardDeleted(tx, models.profile());
        raiseDatabaseMaxCounters(tx, stamp, prefixes);
        return new SerializationResult(models.profile(), stamp, serialized, created, deleted, hardDeleted);
    }

    /** Returns {serialized, created}. */
    private long[] serializeModel(Transaction tx, RegisteredModel model, List<String> prefixes, StoreWriter writer)
            throws SQLException {
        Dialect dialect = tx.dialect();
        // The Store row comes with the app row (one round trip), to merge into its JSON.
        String select = "SELECT " + qualified(model) + ", s.serialized, s.dirty_bit, s.conflicting_serialized_data, a."
                + RowAddress.column(dialect)
                + " FROM " + model.table() + " a LEFT JOIN morango_store s ON s.id = a.id WHERE a._morango_dirty_bit"
                + Prefixes.and(dialect, "a._morango_partition", prefixes) + " LIMIT " + chunkSize;
        int selfReference = model.selfReference().map(f -> model.fields().indexOf(f)).orElse(-1);
        long serialized = 0;
        long created = 0;
        try (PreparedStatement query = tx.prepare(select)) {
            while (true) {
                List<AppRow> rows = readChunk(query, model, prefixes, dialect);
                if (rows.isEmpty()) {
                    break;
                }
                // Writing in id order makes consecutive B-tree inserts (Store, RecordMaxCounter, app index)
                // land on neighbouring pages: several times faster than random order on SQLite.
                rows.sort(Comparator.comparing(AppRow::id));
                List<Object> addresses = new ArrayList<>(rows.size());
                rows.forEach(r -> addresses.add(r.address));
                for (AppRow row : rows) {
                    ExistingStore store = row.store;
                    String selfRef = selfReference < 0 || row.values[selfReference] == null ? ""
                            : (String) row.values[selfReference];
                    if (store == null) {
                        writer.add(row, model.name(), SerializedJson.fresh(model, row.id, row.sourceId, row.partition,
                                row.values), "", selfRef);
                        created++;
                    } else {
                        // A Store row still dirty holds received data not yet deserialized: the local edit wins
                        // and the received version goes to the conflict history (Morango's rule).
                        String conflicts = store.dirty ? store.serialized + "\n" + store.conflicting
                                : store.conflicting;
                        writer.add(row, model.name(), SerializedJson.merged(store.serialized, model, row.id,
                                row.sourceId, row.partition, row.values), conflicts, selfRef);
                    }
                }
                writer.flush();
                int cleared = RowAddress.update(tx, "UPDATE " + model.table() + " SET _morango_dirty_bit = "
                        + dialect.booleanLiteral(false) + " WHERE " + RowAddress.column(dialect) + " IN ", addresses);
                if (cleared != rows.size()) {
                    throw new IllegalStateException("serializing " + model + ": cleared the dirty bit of " + cleared
                            + " rows out of " + rows.size() + " read in the same transaction");
                }
                serialized += rows.size();
            }
        }
        return new long[] {serialized, created};
    }

    private static List<AppRow> readChunk(PreparedStatement query, RegisteredModel model, List<String> prefixes,
                                          Dialect dialect) throws SQLException {
        Prefixes.bind(query, 1, prefixes);
        List<AppRow> rows = new ArrayList<>();
        List<ModelField> fields = model.fields();
        int storeColumn = fields.size() + 4;
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                Object[] values = new Object[fields.size()];
                for (int i = 0; i < values.length; i++) {
                    ModelField field = fields.get(i);
                    values[i] = AppColumns.read(result, i + 4, field.name(), field.type(), dialect);
                }
                String serialized = result.getString(storeColumn);
                ExistingStore store = serialized == null ? null
                        : new ExistingStore(serialized, result.getBoolean(storeColumn + 1),
                                result.getString(storeColumn + 2));
                rows.add(new AppRow(result.getString(1), result.getString(2), result.getString(3), values, store,
                        RowAddress.read(result, storeColumn + 3, dialect)));
            }
        }
        return rows;
    }

    /** The app table's select columns, qualified with alias {@code a}. */
    private static String qualified(RegisteredModel model) {
        StringBuilder columns = new StringBuilder("a.id, a._morango_source_id, a._morango_partition");
        for (ModelField field : model.fields()) {
            columns.append(", a.").append(SqlNames.column(field.name()));
        }
        return columns.toString();
    }

    /**
     * Turns the Store rows of queued soft deletions (the whole profile, whatever the filter) into
     * tombstones stamped with this pass, and drains the queue.
     */
    private static long tombstoneDeleted(Transaction tx, String profile, VersionStamp stamp) throws SQLException {
        Dialect dialect = tx.dialect();
        int tombstones;
        try (PreparedStatement update = tx.prepare("UPDATE morango_store SET dirty_bit = "
                + dialect.booleanLiteral(false) + ", deleted = " + dialect.booleanLiteral(true)
                + ", last_saved_instance = ?, last_saved_counter = ?"
                + " WHERE id IN (SELECT id FROM morango_deletedmodels WHERE profile = ?)")) {
            update.setString(1, stamp.instanceId());
            update.setLong(2, stamp.counter());
            update.setString(3, profile);
            tombstones = update.executeUpdate();
        }
        if (tombstones > 0) {
            try (PreparedStatement upsert = tx.prepare("INSERT INTO morango_recordmaxcounter"
                    + " (store_model_id, instance_id, counter) SELECT d.id, ?, ? FROM morango_deletedmodels d"
                    + " WHERE d.profile = ? AND EXISTS (SELECT 1 FROM morango_store s WHERE s.id = d.id)"
                    + " ON CONFLICT (store_model_id, instance_id) DO UPDATE SET counter = excluded.counter")) {
                upsert.setString(1, stamp.instanceId());
                upsert.setLong(2, stamp.counter());
                upsert.setString(3, profile);
                upsert.executeUpdate();
            }
        }
        tx.update("DELETE FROM morango_deletedmodels WHERE profile = ?", profile);
        return tombstones;
    }

    /** Blanks the Store rows of queued hard deletions and drains that queue (no new stamp, as in Morango). */
    private static long blankHardDeleted(Transaction tx, String profile) throws SQLException {
        int blanked = tx.update("UPDATE morango_store SET hard_deleted = " + tx.dialect().booleanLiteral(true)
                + ", serialized = '{}', conflicting_serialized_data = ''"
                + " WHERE id IN (SELECT id FROM morango_harddeletedmodels WHERE profile = ?)", profile);
        tx.update("DELETE FROM morango_harddeletedmodels WHERE profile = ?", profile);
        return blanked;
    }

    /** DMC(own instance, prefix) = counter for every filter prefix ({@code ""} without filter), never lowered. */
    private static void raiseDatabaseMaxCounters(Transaction tx, VersionStamp stamp, List<String> prefixes)
            throws SQLException {
        String sql = "INSERT INTO morango_databasemaxcounter (instance_id, partition, counter) VALUES (?, ?, ?)"
                + " ON CONFLICT (instance_id, partition) DO UPDATE SET counter = "
                + tx.dialect().greatest("morango_databasemaxcounter.counter", "excluded.counter");
        try (PreparedStatement upsert = tx.prepare(sql)) {
            for (String prefix : prefixes) {
                upsert.setString(1, stamp.instanceId());
                upsert.setString(2, prefix);
                upsert.setLong(3, stamp.counter());
                upsert.executeUpdate();
            }
        }
    }

    private record AppRow(String id, String sourceId, String partition, Object[] values, ExistingStore store,
                          Object address) {
    }

    private record ExistingStore(String serialized, boolean dirty, String conflicting) {
    }

    /** The multi-row upserts of Store and RecordMaxCounter rows of one pass. */
    private static final class StoreWriter implements AutoCloseable {
        private final BulkStatement<Object[]> store;
        private final BulkStatement<String> recordMaxCounters;

        StoreWriter(Transaction tx, String profile, VersionStamp stamp) {
            // What is the same in every row of the pass is written as literals: a third of the parameters.
            Dialect dialect = tx.dialect();
            String no = dialect.booleanLiteral(false);
            String instance = BulkStatement.literal(stamp.instanceId());
            String storeRow = "(?, " + BulkStatement.literal(profile) + ", ?, " + no + ", " + no + ", " + instance
                    + ", " + stamp.counter() + ", ?, ?, ?, ?, ?, " + no + ", '', NULL)";
            this.store = new BulkStatement<>(tx, "morango_store", STORE_COLUMNS, storeRow, 7,
                    BulkStatement.onConflictUpdate(List.of("id"), STORE_UPDATED), (s, i, row) -> {
                        for (int c = 0; c < 7; c++) {
                            s.setString(i + c, (String) row[c]);
                        }
                    });
            this.recordMaxCounters = new BulkStatement<>(tx, "morango_recordmaxcounter", RMC_COLUMNS,
                    "(?, " + instance + ", " + stamp.counter() + ")", 1,
                    BulkStatement.onConflictUpdate(List.of("store_model_id", "instance_id"), List.of("counter")),
                    (s, i, id) -> s.setString(i, id));
        }

        void add(AppRow row, String modelName, String serialized, String conflicts, String selfRef)
                throws SQLException {
            store.add(new Object[] {row.id, serialized, row.partition, row.sourceId, modelName, conflicts, selfRef});
            recordMaxCounters.add(row.id);
        }

        void flush() throws SQLException {
            store.flush();
            recordMaxCounters.flush();
        }

        @Override
        public void close() throws SQLException {
            try {
                store.close();
            } finally {
                recordMaxCounters.close();
            }
        }
    }
}
