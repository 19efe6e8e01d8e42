package org.facilitysync.core.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 200,000 records (50,000 on PostgreSQL) serialized and deserialized in chunks of 500 within a small heap: sync-core's pom runs
 * this class in its own surefire execution with {@code -Xmx64m}, where holding the records (about
 * 100 MB of JSON text alone) would fail with an OutOfMemoryError. The peak heap is printed. That
 * execution sets {@code bounded.memory=true}; elsewhere (a large heap proves nothing) the class is disabled.
 */
@EnabledIfSystemProperty(named = "bounded.memory", matches = "true")
class BoundedMemoryTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    /** On PostgreSQL a quarter as many, to keep the build short. */
    private static final int RECORDS = 200_000;
    private static final int CHUNK = 500;
    private static final long MAX_HEAP = 96L * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoHundredThousandRecordsPassThroughASmallHeap(DatabaseKind kind) {
        assertTrue(Runtime.getRuntime().maxMemory() <= MAX_HEAP, "run this test through Maven: its surefire "
                + "execution 'bounded-memory' sets -Xmx64m, without which it proves nothing (max heap now "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)");
        int records = kind == DatabaseKind.SQLITE ? RECORDS : RECORDS / 4;
        Database database = databases.migrated(kind);
        ModelCatalog catalog = TestApp.catalog(database);
        ProfileModels models = catalog.profile(TestApp.PROFILE);
        MorangoState.activateInstance(database, StoreFixtures.SELF, 0);
        GeneratedRecords.summaryLogs(database, models.require("user"), models.require("contentsummarylog"),
                StoreFixtures.BOB, records, false);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

        long start = System.nanoTime();
        SerializationResult serialized = new StoreSerializer(database, catalog, CHUNK)
                .serializeIntoStore(TestApp.PROFILE, null);
        long serializeMillis = (System.nanoTime() - start) / 1_000_000;
        GeneratedRecords.asIfReceived(database, models.require("user"), models.require("contentsummarylog"));
        start = System.nanoTime();
        DeserializationResult deserialized = new StoreDeserializer(database, catalog, CHUNK)
                .deserializeFromStore(TestApp.PROFILE, null);
        long deserializeMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(records + 1, serialized.serialized());
        assertEquals(records + 1, deserialized.applied());
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf("[bounded-memory] %s, %,d records in chunks of %d: serialize %d ms, deserialize %d ms, "
                + "peak heap %d MB of %d MB%n", kind, records, CHUNK, serializeMillis, deserializeMillis,
                peak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
