package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.model.AppRows;
import org.facilitysync.core.internal.model.ModelRegistry;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;
import org.facilitysync.core.internal.storage.TransactionOptions;
import org.facilitysync.core.internal.storage.TransactionOptions.LockMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Morango's {@code _deserialize_from_store(profile, filter)} (reference §4.8): applies the dirty Store
 * rows of the profile under the filter to the application tables.
 *
 * <p><b>Serialize first.</b> As in Morango ({@code ReceiverDeserializeOperation}), the caller runs
 * {@link StoreSerializer#serializeIntoStore} with the same profile and filter just before, so that
 * local edits not yet serialized are saved in the Store (and win over received data) instead of being
 * overwritten here.
 *
 * <p>One pass is one transaction, REPEATABLE READ with the filter's partitions locked exclusively.
 * Models are visited in dependency order. Errors left by an earlier pass on rows still dirty are
 * cleared first, so every dirty row is tried again. The ids to apply are copied into a
 * {@link DeserializeQueue} and applied {@code chunkSize} at a time by {@link DeserializeChunk}. A model
 * with a self-referencing foreign key goes in rounds, parents first: each round takes the dirty rows
 * whose parent is none, or clean in the Store (tombstones always qualify), until a round finds none;
 * rows left then are marked "Parent is dirty" or "Parent does not exist in Store", as in Morango.
 * Dirty rows of model names this node does not know get an error naming the model. Memory is bounded
 * by the chunk size.
 *
 * <p>Differences from Morango: only Store rows of the model's own name are applied to its table (Morango
 * also applies the rows of its {@code morango_model_dependencies}, for proxy models sharing a table,
 * which separate tables here cannot); a referent missing from the Store but present in its app table
 * counts as present; a row that succeeds on retry loses its old error text.
 */
public final class StoreDeserializer {

    /** Store rows applied per round trip. */
    public static final int DEFAULT_CHUNK_SIZE = 5000;

    static final String PARENT_DIRTY = "Parent is dirty; could not deserialize.";
    static final String PARENT_MISSING = "Parent does not exist in Store; could not deserialize.";

    private static final Logger LOG = LoggerFactory.getLogger(StoreDeserializer.class);

    private final Database database;
    private final ModelRegistry registry;
    private final int chunkSize;

    public StoreDeserializer(Database database, ModelRegistry registry) {
        this(database, registry, DEFAULT_CHUNK_SIZE);
    }

    public StoreDeserializer(Database database, ModelRegistry registry, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.chunkSize = chunkSize;
    }

    /**
     * Applies the profile's dirty Store rows under {@code filter} (all partitions when null), in one
     * transaction. Per-record failures do not fail the pass: they are left in the rows'
     * {@code deserialization_error} and counted in {@link DeserializationResult#failed()}.
     */
    public DeserializationResult deserializeFromStore(String profile, SyncFilter filter) {
        Objects.requireNonNull(profile, "profile");
        List<String> prefixes = Prefixes.of(filter);
        ProfileModels models = registry.profile(profile);
        TransactionOptions options = TransactionOptions.WRITE.isolated().lockingPartitions(LockMode.EXCLUSIVE, prefixes);
        long started = System.nanoTime();
        DeserializationResult result = database.inTransaction(options, tx -> pass(tx, models, prefixes));
        LOG.debug("Deserialized profile {} under {} in {} ms: {}", profile, prefixes,
                (System.nanoTime() - started) / 1_000_000, result);
        return result;
    }

    private DeserializationResult pass(Transaction tx, ProfileModels models, List<String> prefixes)
            throws SQLException {
        DeserializeQueue.open(tx);
        DeserializationResult total = new DeserializationResult(models.profile(), 0, 0, 0, 0);
        for (RegisteredModel model : models.inDependencyOrder()) {
            total = total.plus(deserializeModel(tx, models, model, prefixes));
        }
        long unknown = markUnknownModels(tx, models, prefixes);
        DeserializeQueue.clear(tx);
        return total.plus(new DeserializationResult(models.profile(), 0, 0, 0, unknown));
    }

    private DeserializationResult deserializeModel(Transaction tx, ProfileModels models, RegisteredModel model,
                                                   List<String> prefixes) throws SQLException {
        Dialect dialect = tx.dialect();
        String dirty = " FROM morango_store s WHERE s.profile = ? AND s.model_name = ? AND s.dirty_bit"
                + Prefixes.and(dialect, "s.partition", prefixes);
        Scope scope = (statement, first) -> {
            statement.setString(first, model.profile());
            statement.setString(first + 1, model.name());
            Prefixes.bind(statement, first + 2, prefixes);
        };
        try (PreparedStatement reset = tx.prepare("UPDATE morango_store SET deserialization_error = ''"
                + " WHERE id IN (SELECT s.id" + dirty + " AND s.deserialization_error <> '')")) {
            scope.bind(reset, 1);
            reset.executeUpdate();
        }

        String address = "SELECT s." + RowAddress.column(dialect);
        Outcome outcome = new Outcome(model);
        if (model.selfReference().isEmpty()) {
            if (DeserializeQueue.fill(tx, address + dirty, statement -> scope.bind(statement, 1)) > 0) {
                applyQueue(tx, models, model, outcome);
            }
        } else {
            String eligible = address + dirty + " AND s.deserialization_error = '' AND (s.deleted"
                    + " OR s._self_ref_fk = '' OR EXISTS (SELECT 1 FROM morango_store p WHERE p.id = s._self_ref_fk"
                    + " AND NOT p.dirty_bit))";
            while (DeserializeQueue.fill(tx, eligible, statement -> scope.bind(statement, 1)) > 0) {
                applyQueue(tx, models, model, outcome);
            }
            outcome.orphans += markOrphans(tx, dirty, scope);
        }
        outcome.log();
        return new DeserializationResult(model.profile(), outcome.applied, outcome.deleted, outcome.deletedByReferent,
                outcome.failed + outcome.orphans);
    }

    private void applyQueue(Transaction tx, ProfileModels models, RegisteredModel model, Outcome outcome)
            throws SQLException {
        Dialect dialect = tx.dialect();
        String select = "SELECT q.seq, s.id, s.serialized, s.deleted, s.hard_deleted, s.source_id, s.partition,"
                + " q.address FROM " + DeserializeQueue.TABLE + " q JOIN morango_store s ON s."
                + RowAddress.column(dialect) + " = q.address"
                + " WHERE q.seq > ? ORDER BY q.seq LIMIT " + chunkSize;
        long last = 0;
        try (PreparedStatement query = tx.prepare(select)) {
            while (true) {
                query.setLong(1, last);
                List<DeserializeChunk.StoreRecord> rows = new ArrayList<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(new DeserializeChunk.StoreRecord(result.getLong(1), result.getString(2),
                                result.getString(3), result.getBoolean(4), result.getBoolean(5), result.getString(6),
                                result.getString(7), RowAddress.read(result, 8, dialect)));
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                last = rows.get(rows.size() - 1).seq();
                DeserializeChunk chunk = new DeserializeChunk(tx, models, model);
                outcome.add(chunk.apply(rows), chunk.errors());
            }
        }
    }

    /** Marks the self-referencing rows no round could take, as Morango does; returns how many. */
    private static int markOrphans(Transaction tx, String dirty, Scope scope) throws SQLException {
        int marked = 0;
        String waiting = "SELECT s.id" + dirty + " AND s.deserialization_error = ''";
        try (PreparedStatement parentDirty = tx.prepare("UPDATE morango_store SET deserialization_error = ?"
                + " WHERE id IN (" + waiting + " AND EXISTS (SELECT 1 FROM morango_store p WHERE p.id = s._self_ref_fk))")) {
            parentDirty.setString(1, PARENT_DIRTY);
            scope.bind(parentDirty, 2);
            marked += parentDirty.executeUpdate();
        }
        try (PreparedStatement parentMissing = tx.prepare("UPDATE morango_store SET deserialization_error = ?"
                + " WHERE id IN (" + waiting + ")")) {
            parentMissing.setString(1, PARENT_MISSING);
            scope.bind(parentMissing, 2);
            marked += parentMissing.executeUpdate();
        }
        return marked;
    }

    /** Gives dirty rows of model names no service declares an error naming the model; returns how many. */
    private static long markUnknownModels(Transaction tx, ProfileModels models, List<String> prefixes)
            throws SQLException {
        List<String> known = models.names();
        String sql = "UPDATE morango_store SET deserialization_error = ? || model_name || ?"
                + " WHERE profile = ? AND dirty_bit AND deserialization_error = ''"
                + Prefixes.and(tx.dialect(), "partition", prefixes)
                + (known.isEmpty() ? "" : " AND model_name NOT IN " + AppRows.placeholders(known.size()));
        int marked;
        try (PreparedStatement update = tx.prepare(sql)) {
            update.setString(1, "model '");
            update.setString(2, "' is not registered in profile '" + models.profile()
                    + "' on this node (no SyncProfile service declares it); the record stays in the Store");
            update.setString(3, models.profile());
            int index = Prefixes.bind(update, 4, prefixes);
            AppRows.bindAll(update, index, known);
            marked = update.executeUpdate();
        }
        if (marked > 0) {
            LOG.warn("{} dirty Store rows of profile {} belong to models this node does not know; they stay dirty "
                    + "with a deserialization error until a SyncProfile service declares their model", marked,
                    models.profile());
        }
        return marked;
    }

    /** Binds the parameters of the "dirty rows of this model under the filter" condition from {@code first}. */
    @FunctionalInterface
    private interface Scope {
        void bind(PreparedStatement statement, int first) throws SQLException;
    }

    /** Per-model counts and the first errors, for one log line per model. */
    private static final class Outcome {
        final RegisteredModel model;
        long applied;
        long deleted;
        long deletedByReferent;
        long failed;
        long orphans;
        String firstError;

        Outcome(RegisteredModel model) {
            this.model = model;
        }

        void add(DeserializationResult result, Map<String, String> errors) {
            applied += result.applied();
            deleted += result.deleted();
            deletedByReferent += result.deletedByReferent();
            failed += result.failed();
            for (Map.Entry<String, String> error : errors.entrySet()) {
                if (firstError == null) {
                    firstError = error.getKey() + ": " + error.getValue();
                }
                LOG.debug("Record {} of {} not deserialized: {}", error.getKey(), model, error.getValue());
            }
        }

        void log() {
            if (failed > 0) {
                LOG.warn("{} records of model {} were not deserialized and stay dirty for the next pass; first: {}",
                        failed, model.qualifiedName(), firstError);
            }
            if (orphans > 0) {
                LOG.warn("{} records of model {} wait for a parent that is dirty or missing", orphans,
                        model.qualifiedName());
            }
        }
    }
}
