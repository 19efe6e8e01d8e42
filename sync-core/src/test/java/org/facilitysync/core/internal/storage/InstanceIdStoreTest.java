package org.facilitysync.core.internal.storage;

import static org.facilitysync.core.internal.storage.DialectTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.facilitysync.core.internal.storage.InstanceIdStore.DatabaseId;
import org.facilitysync.core.internal.storage.InstanceIdStore.Instance;
import org.facilitysync.core.internal.storage.InstanceIdStore.InstanceDescription;
import org.facilitysync.core.internal.storage.InstanceIdStore.VersionStamp;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InstanceIdStoreTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String FIRST = "37c99a37812dce52fea1dc812985126d";
    private static final String SECOND = "998b8f292cb67a7ee381b795aa4650b4";

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theDatabaseIdIsMadeOnceAndKept(DatabaseKind kind) {
        InstanceIdStore store = new InstanceIdStore(databases.migrated(kind));
        assertTrue(store.currentDatabaseId().isEmpty());

        DatabaseId made = store.currentOrNewDatabaseId();

        assertTrue(made.id().matches("[0-9a-f]{32}"), made.id());
        assertTrue(made.current());
        assertEquals("", made.initialInstanceId());
        assertEquals(made, store.currentOrNewDatabaseId());
        assertEquals(made, store.currentDatabaseId().orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void activatingAnInstanceMakesItTheOnlyCurrentOneAndKeepsItsCounter(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        InstanceIdStore store = new InstanceIdStore(database);

        Instance first = store.activate(description(FIRST, "vm"));
        store.incrementCounter();
        store.incrementCounter();
        Instance second = store.activate(description(SECOND, "vm"));
        Instance firstAgain = store.activate(description(FIRST, "renamed-vm"));

        DatabaseId databaseId = store.currentDatabaseId().orElseThrow();
        assertEquals(databaseId.id(), first.databaseId());
        assertEquals(FIRST, databaseId.initialInstanceId());
        assertEquals(0, first.counter());
        assertEquals(0, second.counter());
        assertEquals(2, firstAgain.counter());
        assertEquals("renamed-vm", firstAgain.hostname());
        assertEquals(firstAgain, store.currentInstance().orElseThrow());
        assertEquals(1, count(database, "SELECT count(*) FROM morango_instanceidmodel WHERE current"));
        assertEquals(2, count(database, "SELECT count(*) FROM morango_instanceidmodel"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aNewDatabaseIdRetiresTheCurrentInstance(DatabaseKind kind) {
        InstanceIdStore store = new InstanceIdStore(databases.migrated(kind));
        DatabaseId original = store.currentOrNewDatabaseId();
        store.activate(description(FIRST, "vm"));

        DatabaseId copy = store.newDatabaseId();

        assertNotEquals(original.id(), copy.id());
        assertEquals(copy, store.currentDatabaseId().orElseThrow());
        assertTrue(store.currentInstance().isEmpty());
        assertThrows(IllegalStateException.class, store::incrementCounter);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void stampingNeedsAnActivatedInstance(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        InstanceIdStore store = new InstanceIdStore(database);

        IllegalStateException failure = assertThrows(IllegalStateException.class, store::incrementCounter);

        assertEquals("database " + database.location()
                + " has no current instance: activate one before stamping versions", failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void concurrentIncrementsGetDistinctConsecutiveCounters(DatabaseKind kind) throws Exception {
        InstanceIdStore store = new InstanceIdStore(databases.migrated(kind));
        store.activate(description(FIRST, "vm"));
        long start = store.incrementCounter().counter();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            Callable<List<Long>> stamper = () -> {
                List<Long> counters = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    VersionStamp stamp = store.incrementCounter();
                    assertEquals(FIRST, stamp.instanceId());
                    counters.add(stamp.counter());
                }
                return counters;
            };
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(stamper));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                List<Long> counters = result.get();
                for (int i = 1; i < counters.size(); i++) {
                    assertTrue(counters.get(i) > counters.get(i - 1), "one thread's counters must grow: " + counters);
                }
                all.addAll(counters);
            }
            all.sort(null);
            assertEquals(LongStream.rangeClosed(start + 1, start + (long) threads * perThread).boxed().toList(), all);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(start + threads * perThread, store.currentInstance().orElseThrow().counter());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anIncrementInsideARolledBackTransactionIsUndone(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        InstanceIdStore store = new InstanceIdStore(database);
        store.activate(description(FIRST, "vm"));
        long before = store.incrementCounter().counter();

        assertThrows(IllegalStateException.class, () -> database.inTransaction(tx -> {
            assertEquals(before + 1, store.incrementCounter().counter());
            throw new IllegalStateException("serialization failed");
        }));

        assertEquals(before + 1, store.incrementCounter().counter());
    }

    @Test
    void idsAreMorangos32LowercaseHexDigits() {
        assertEquals(FIRST, InstanceIdStore.requireId("instance id", FIRST));
        assertTrue(InstanceIdStore.randomId().matches("[0-9a-f]{32}"));
        IllegalArgumentException upper = assertThrows(IllegalArgumentException.class,
                () -> description(FIRST.toUpperCase(), "vm"));
        assertEquals("instance id must be 32 lowercase hex digits, got '" + FIRST.toUpperCase() + "'",
                upper.getMessage());
        assertThrows(IllegalArgumentException.class, () -> description("37c99a37-812d-ce52-fea1-dc812985126d", "vm"));
        assertFalse(InstanceIdStore.randomId().equals(InstanceIdStore.randomId()));
    }

    private static InstanceDescription description(String id, String hostname) {
        return new InstanceDescription(id, "Linux-6.18.44-x86_64", hostname, "Java 17", "85f2742d8a38d9883c8a",
                "node.sqlite", "a19a72641af712c14d38");
    }
}
