package org.facilitysync.core.internal.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.identity.ModelIdentity;
import org.facilitysync.core.internal.model.AppRows;
import org.facilitysync.core.internal.model.DeletionQueues;
import org.facilitysync.core.internal.model.ModelRegistry;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.serialization.SerializedJson;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * {@link SyncRecords} on the node's database: the plain-Java core of {@link SyncRecordsComponent}.
 *
 * <p>Every write sets the record's dirty bit in its own transaction, so the next serialization picks it
 * up. A deletion removes the row and queues a tombstone ({@code morango_deletedmodels}; a hard deletion
 * also {@code morango_harddeletedmodels}), and cascades, like Django's {@code on_delete=CASCADE} in
 * Morango's apps, to every record that references a deleted one, each with its own tombstone. Foreign
 * keys must point to an existing record of the referenced model when written.
 *
 * <p>Calls join the transaction the calling thread is in (through {@link Database}), so
 * {@link #inTransaction} makes all calls of its work one transaction. Such work may run again after
 * transient contention, and must not pass its {@code SyncRecords} to other threads.
 */
public final class SyncRecordsService implements SyncRecords {

    private final Database database;
    private final ModelRegistry registry;

    public SyncRecordsService(Database database, ModelRegistry registry) {
        this.database = Objects.requireNonNull(database, "database");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public SyncRecord create(String profile, String model, Map<String, Object> values) {
        ProfileModels models = registry.profile(profile);
        RegisteredModel target = models.require(model);
        Objects.requireNonNull(values, "values");
        String explicitSourceId = RecordValues.explicitSourceId(target, values);
        Map<String, Object> normalized = RecordValues.forCreate(target, values);
        ModelIdentity identity = RecordIdentity.derive(target, normalized, explicitSourceId);
        return database.inTransaction(tx -> {
            checkReferences(tx, models, target, identity.modelUuid(), normalized);
            if (!AppRows.insertIfAbsent(tx, target, identity.modelUuid(), identity.sourceId(), identity.partition(),
                    normalized)) {
                throw new IllegalStateException("model " + target.qualifiedName() + " has a record with id "
                        + identity.modelUuid() + " already (source id '" + identity.sourceId() + "', partition '"
                        + identity.partition() + "'): update it instead");
            }
            DeletionQueues.forget(tx, identity.modelUuid());
            return new SyncRecord(target.name(), identity.modelUuid(), identity.sourceId(), identity.partition(),
                    normalized);
        });
    }

    @Override
    public SyncRecord update(String profile, String model, String id, Map<String, Object> changes) {
        ProfileModels models = registry.profile(profile);
        RegisteredModel target = models.require(model);
        Objects.requireNonNull(id, "id");
        Map<String, Object> normalized = RecordValues.forUpdate(target, Objects.requireNonNull(changes, "changes"));
        return database.inTransaction(tx -> {
            checkReferences(tx, models, target, id, normalized);
            if (!AppRows.update(tx, target, id, normalized)) {
                throw new NoSuchElementException("model " + target.qualifiedName() + " has no record " + id);
            }
            return AppRows.find(tx, target, id).orElseThrow();
        });
    }

    @Override
    public Optional<SyncRecord> read(String profile, String model, String id) {
        RegisteredModel target = registry.profile(profile).require(model);
        Objects.requireNonNull(id, "id");
        return database.read(tx -> AppRows.find(tx, target, id));
    }

    @Override
    public Optional<String> serialized(String profile, String model, String id, Set<String> omit) {
        RegisteredModel target = registry.profile(profile).require(model);
        Objects.requireNonNull(omit, "omit");
        return read(profile, model, id).map(record -> {
            String text = SerializedJson.fresh(target, record.id(), record.sourceId(), record.partition(),
                    record.values().values().toArray());
            if (omit.isEmpty()) {
                return text;
            }
            try {
                ObjectNode dict = SerializedJson.parseObject(text);
                dict.remove(omit);
                return SerializedJson.normalize(dict);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the serialized text of " + target.qualifiedName() + " " + id
                        + " is not JSON: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public boolean delete(String profile, String model, String id) {
        return delete(profile, model, id, false);
    }

    @Override
    public boolean hardDelete(String profile, String model, String id) {
        return delete(profile, model, id, true);
    }

    @Override
    public List<SyncRecord> findBy(String profile, String model, String field, Object value) {
        RegisteredModel target = registry.profile(profile).require(model);
        Object checked = RecordValues.forLookup(target, Objects.requireNonNull(field, "field"), value);
        if (checked == null) {
            return List.of();
        }
        return database.read(tx -> AppRows.findBy(tx, target, target.field(field).orElseThrow(), checked));
    }

    @Override
    public long count(String profile, String model) {
        RegisteredModel target = registry.profile(profile).require(model);
        return database.read(tx -> AppRows.count(tx, target));
    }

    @Override
    public void forEach(String profile, String model, Consumer<SyncRecord> action) {
        RegisteredModel target = registry.profile(profile).require(model);
        Objects.requireNonNull(action, "action");
        database.read(tx -> {
            AppRows.forEach(tx, target, action);
            return null;
        });
    }

    @Override
    public <T> T inTransaction(RecordWork<T> work) throws Exception {
        Objects.requireNonNull(work, "work");
        try {
            return database.inTransaction(tx -> {
                try {
                    return work.run(this);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new WorkFailed(e);
                }
            });
        } catch (WorkFailed failed) {
            throw (Exception) failed.getCause();
        }
    }

    private boolean delete(String profile, String model, String id, boolean hard) {
        ProfileModels models = registry.profile(profile);
        RegisteredModel target = models.require(model);
        Objects.requireNonNull(id, "id");
        return database.inTransaction(tx -> {
            if (AppRows.existingIds(tx, target, List.of(id)).isEmpty()) {
                return false;
            }
            cascade(tx, models, target, id, hard);
            return true;
        });
    }

    /** Deletes the record and, breadth first, every record that references a deleted one; all get tombstones. */
    private static void cascade(Transaction tx, ProfileModels models, RegisteredModel root, String id, boolean hard)
            throws SQLException {
        Set<String> seen = new HashSet<>();
        Deque<Batch> work = new ArrayDeque<>();
        work.add(new Batch(root, List.of(id)));
        seen.add(root.name() + ":" + id);
        while (!work.isEmpty()) {
            Batch batch = work.poll();
            for (ProfileModels.Referrer referrer : models.referrersOf(batch.model().name())) {
                List<String> children = new ArrayList<>();
                for (String child : AppRows.idsReferencing(tx, referrer.model(), referrer.field(), batch.ids())) {
                    if (seen.add(referrer.model().name() + ":" + child)) {
                        children.add(child);
                    }
                }
                if (!children.isEmpty()) {
                    work.add(new Batch(referrer.model(), children));
                }
            }
            AppRows.delete(tx, batch.model(), batch.ids());
            DeletionQueues.queueDeleted(tx, batch.model().profile(), batch.ids());
            if (hard) {
                DeletionQueues.queueHardDeleted(tx, batch.model().profile(), batch.ids());
            }
        }
    }

    /** Every non-null foreign key must name an existing record of its model (a record may name itself). */
    private static void checkReferences(Transaction tx, ProfileModels models, RegisteredModel model, String ownId,
                                        Map<String, Object> values) throws SQLException {
        for (ModelField field : model.references()) {
            Object value = values.get(field.name());
            if (value == null || (field.references().equals(model.name()) && value.equals(ownId))) {
                continue;
            }
            RegisteredModel referenced = models.require(field.references());
            if (AppRows.existingIds(tx, referenced, List.of((String) value)).isEmpty()) {
                throw new IllegalArgumentException("model " + model.qualifiedName() + ", field '" + field.name()
                        + "' references record '" + value + "' of model '" + referenced.name()
                        + "', which does not exist");
            }
        }
    }

    private record Batch(RegisteredModel model, List<String> ids) {
    }

    /** Carries a checked exception of a unit of work through {@link Database}, which rolls back on it. */
    private static final class WorkFailed extends RuntimeException {
        WorkFailed(Exception cause) {
            super(cause);
        }
    }
}
