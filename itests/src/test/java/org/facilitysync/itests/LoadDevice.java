package org.facilitysync.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.facility.NetworkFacilitySync;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.facility.data.RandomEdits;
import org.facilitysync.facility.data.RecordEdit;
import org.facilitysync.facility.data.RecordRef;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.facilitysync.facility.models.LoggerModels;
import org.sqlite.SQLiteDataSource;

/**
 * A device of the load tests: a whole node in plain Java over its own SQLite file (not a container process:
 * dozens of JVMs starting Felix at once would take most of a test's time on 2 cores), reaching its hub only
 * over HTTP on loopback, like any device. It edits the records of one learner: with a single-user
 * certificate for that learner, or a full-facility one.
 */
final class LoadDevice implements AutoCloseable {

    static final String PROFILE = FacilityDataModels.PROFILE;

    final String name;
    final String learner;
    final boolean singleUser;
    final LocalNode node;
    final NetworkFacilitySync sync;
    /** Records changed or created since the last sync: what the next push must carry. */
    long changed;

    LoadDevice(String name, Path file, String learner, boolean singleUser) {
        this.name = name;
        this.learner = learner;
        this.singleUser = singleUser;
        this.node = open(name, file);
        this.sync = new NetworkFacilitySync(new CertificateStore(node.database()), node.engine().syncSessions(),
                node.syncService(), node.engine().instanceId(), PROFILE);
    }

    FacilitySyncResult sync(FacilitySyncRequest base) {
        return sync.sync(singleUser ? base.withUser(learner) : base);
    }

    /** Whether a record of that partition is in this device's scope of {@code dataset}. */
    boolean inScope(String dataset, String partition) {
        if (!singleUser) {
            return partition.startsWith(dataset);
        }
        return List.of(dataset + ":allusers-ro", dataset + ":user-ro:" + learner, dataset + ":user-rw:" + learner)
                .stream().anyMatch(partition::startsWith);
    }

    /**
     * Updates about a third of the learner's own records and creates {@code created} new session logs for
     * it; returns {@code created}.
     */
    long editLearnerRecords(int created) throws Exception {
        String own = ":user-rw:" + learner;
        RandomEdits edits = new RandomEdits(name.hashCode(), 0.3, 0);
        List<RecordEdit> chosen = new ArrayList<>();
        List<SyncRecord> sessions = new ArrayList<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            node.records().forEach(PROFILE, model.name(), r -> {
                if (r.partition().endsWith(own)) {
                    edits.editFor(new RecordRef(r.model(), r.id())).ifPresent(chosen::add);
                    if (r.model().equals(LoggerModels.CONTENT_SESSION_LOG)) {
                        sessions.add(r);
                    }
                }
            });
        }
        assertTrue(name + " has session logs of its learner to copy", !sessions.isEmpty());
        node.records().inTransaction(tx -> {
            for (RecordEdit edit : chosen) {
                edit.applyTo(tx);
            }
            for (int i = 0; i < created; i++) {
                Map<String, Object> values = new HashMap<>(sessions.get(i % sessions.size()).values());
                values.put("time_spent", 60.0 + i);
                tx.create(PROFILE, LoggerModels.CONTENT_SESSION_LOG, values);
            }
            return null;
        });
        changed = chosen.size() + created;
        return created;
    }

    @Override
    public void close() {
        node.close();
    }

    /** Every record as "model|id|partition|fields", for the models of the profile, of the partitions {@code wanted} accepts. */
    static Set<String> contents(SyncRecords records, Predicate<String> wanted) {
        Set<String> all = new TreeSet<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            records.forEach(PROFILE, model.name(), r -> {
                if (wanted.test(r.partition())) {
                    all.add(r.model() + "|" + r.id() + "|" + r.partition() + "|" + new TreeMap<>(r.values()));
                }
            });
        }
        return all;
    }

    static LocalNode open(String name, Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        Database database = DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE);
        return new LocalNode(name, database, PROFILE, new FacilityDataProfile());
    }
}
