package org.facilitysync.core.internal.records;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.model.ModelRegistry;
import org.facilitysync.core.internal.storage.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers {@link SyncRecords} for applications once the database and the model registry exist;
 * everything is done by {@link SyncRecordsService}.
 */
@Component(service = SyncRecords.class)
public final class SyncRecordsComponent implements SyncRecords {

    private final SyncRecords records;

    @Activate
    public SyncRecordsComponent(@Reference(name = "database") Database database,
                                @Reference(name = "registry") ModelRegistry registry) {
        this.records = new SyncRecordsService(database, registry);
    }

    @Override
    public SyncRecord create(String profile, String model, Map<String, Object> values) {
        return records.create(profile, model, values);
    }

    @Override
    public SyncRecord update(String profile, String model, String id, Map<String, Object> changes) {
        return records.update(profile, model, id, changes);
    }

    @Override
    public Optional<SyncRecord> read(String profile, String model, String id) {
        return records.read(profile, model, id);
    }

    @Override
    public Optional<String> serialized(String profile, String model, String id, Set<String> omit) {
        return records.serialized(profile, model, id, omit);
    }

    @Override
    public boolean delete(String profile, String model, String id) {
        return records.delete(profile, model, id);
    }

    @Override
    public boolean hardDelete(String profile, String model, String id) {
        return records.hardDelete(profile, model, id);
    }

    @Override
    public long count(String profile, String model) {
        return records.count(profile, model);
    }

    @Override
    public List<SyncRecord> findBy(String profile, String model, String field, Object value) {
        return records.findBy(profile, model, field, value);
    }

    @Override
    public void forEach(String profile, String model, Consumer<SyncRecord> action) {
        records.forEach(profile, model, action);
    }

    @Override
    public <T> T inTransaction(RecordWork<T> work) throws Exception {
        // The work receives the service itself, whose calls join the thread's transaction.
        return records.inTransaction(work);
    }
}
