package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints how many records per second serialization and deserialization handle: 100,000 summary logs
 * on SQLite with the default chunk size. A figure to watch, not an assertion (machines differ).
 */
class ThroughputTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final int RECORDS = 100_000;

    @Test
    void serializeAndDeserialize100000RecordsOnSqlite() {
        Database database = databases.migrated(DatabaseKind.SQLITE);
        ModelCatalog catalog = TestApp.catalog(database);
        ProfileModels models = catalog.profile(TestApp.PROFILE);
        MorangoState.activateInstance(database, StoreFixtures.SELF, 0);
        GeneratedRecords.summaryLogs(database, models.require("user"), models.require("contentsummarylog"),
                StoreFixtures.BOB, RECORDS, true);

        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SerializationResult serialized = new StoreSerializer(database, catalog).serializeIntoStore(TestApp.PROFILE, null);
        long serializeNanos = System.nanoTime() - start;
        long serializeCpu = cpu.getCurrentThreadCpuTime() - cpuStart;
        assertEquals(RECORDS + 1, serialized.serialized());

        start = System.nanoTime();
        new StoreSerializer(database, catalog).serializeIntoStore(TestApp.PROFILE, null);
        long noChangeNanos = System.nanoTime() - start;

        GeneratedRecords.asIfReceived(database, models.require("user"), models.require("contentsummarylog"));
        cpuStart = cpu.getCurrentThreadCpuTime();
        start = System.nanoTime();
        DeserializationResult deserialized = new StoreDeserializer(database, catalog)
                .deserializeFromStore(TestApp.PROFILE, null);
        long deserializeNanos = System.nanoTime() - start;
        long deserializeCpu = cpu.getCurrentThreadCpuTime() - cpuStart;
        assertEquals(RECORDS + 1, deserialized.applied());

        System.out.printf("[throughput] SQLite, %,d records: serialize %,.0f records/s (%d ms, %d ms CPU), deserialize"
                        + " %,.0f records/s (%d ms, %d ms CPU), serialize without changes %d ms%n", RECORDS,
                RECORDS / (serializeNanos / 1e9), serializeNanos / 1_000_000, serializeCpu / 1_000_000,
                RECORDS / (deserializeNanos / 1e9), deserializeNanos / 1_000_000, deserializeCpu / 1_000_000,
                noChangeNanos / 1_000_000);
    }
}
