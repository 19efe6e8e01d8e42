package org.facilitysync.core.internal.storage;

import static org.facilitysync.core.internal.storage.DialectTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.core.internal.storage.TransactionOptions.LockMode;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.core.testsupport.TestDatabases.EmptyDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTransactionTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final ExecutorService threads = Executors.newCachedThreadPool();
    private static final String DATASET = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_DATASET = "fedcba9876543210fedcba9876543210";

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void workThatThrowsLeavesNothingBehind(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        IllegalStateException thrown = new IllegalStateException("the work changed its mind");

        IllegalStateException seen = assertThrows(IllegalStateException.class, () -> database.inTransaction(tx -> {
            deleted(tx, "a");
            deleted(tx, "b");
            throw thrown;
        }));

        assertSame(thrown, seen);
        assertEquals(0, count(database, "SELECT count(*) FROM morango_deletedmodels"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailingStatementRollsBackTheWholeTransaction(DatabaseKind kind) {
        Database database = databases.migrated(kind);

        StorageException failure = assertThrows(StorageException.class, () -> database.inTransaction(tx -> {
            deleted(tx, "a");
            deleted(tx, "a");
            return null;
        }));

        assertTrue(failure.getMessage().startsWith("transaction on database " + database.location() + " failed: "),
                failure.getMessage());
        assertEquals(0, count(database, "SELECT count(*) FROM morango_deletedmodels"));
        database.inTransaction(tx -> deleted(tx, "c"));
        assertEquals(1, count(database, "SELECT count(*) FROM morango_deletedmodels"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aNestedTransactionJoinsAndItsFailureUndoesOnlyItsOwnWork(DatabaseKind kind) {
        Database database = databases.migrated(kind);

        database.inTransaction(tx -> {
            deleted(tx, "a");
            assertThrows(StorageException.class, () -> database.inTransaction(inner -> {
                assertSame(tx.connection(), inner.connection());
                deleted(inner, "b");
                deleted(inner, "a");
                return null;
            }));
            database.inTransaction(inner -> deleted(inner, "c"));
            return null;
        });

        assertEquals(2, count(database, "SELECT count(*) FROM morango_deletedmodels"));
        assertEquals(0, count(database, "SELECT count(*) FROM morango_deletedmodels WHERE id = '" + id("b") + "'"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aNestedTransactionCannotAskForMoreThanTheOuterOneHas(DatabaseKind kind) {
        Database database = databases.migrated(kind);

        IllegalStateException writeInRead = assertThrows(IllegalStateException.class,
                () -> database.read(tx -> database.inTransaction(inner -> deleted(inner, "a"))));
        IllegalStateException lockNotTaken = assertThrows(IllegalStateException.class,
                () -> database.inTransaction(TransactionOptions.WRITE.lockingPartitions(LockMode.SHARED, List.of(DATASET)),
                        tx -> database.inTransaction(TransactionOptions.WRITE.lockingPartitions(LockMode.EXCLUSIVE,
                                List.of(DATASET + ":user")), inner -> 0)));

        assertTrue(writeInRead.getMessage().contains("declare what the work needs on the outermost transaction"));
        assertTrue(lockNotTaken.getMessage().contains("EXCLUSIVE"), lockNotTaken.getMessage());
        int joined = database.inTransaction(TransactionOptions.WRITE.lockingPartitions(LockMode.EXCLUSIVE,
                List.of(DATASET)), tx -> database.inTransaction(TransactionOptions.WRITE.lockingPartitions(
                LockMode.SHARED, List.of(DATASET + ":user")), inner -> database.read(reader -> 7)));
        assertEquals(7, joined);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aReadOnlyTransactionRefusesWrites(DatabaseKind kind) {
        Database database = databases.migrated(kind);

        assertThrows(StorageException.class, () -> database.read(tx -> deleted(tx, "a")));

        assertEquals(0, count(database, "SELECT count(*) FROM morango_deletedmodels"));
        database.inTransaction(tx -> deleted(tx, "a"));
        assertEquals(1, count(database, "SELECT count(*) FROM morango_deletedmodels"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void readersDoNotWaitForAWriterAndDoNotSeeItsWork(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch readDone = new CountDownLatch(1);
        Future<Object> writer = threads.submit(() -> database.inTransaction(tx -> {
            deleted(tx, "a");
            written.countDown();
            await(readDone);
            return null;
        }));
        assertTrue(written.await(10, TimeUnit.SECONDS));

        long seenByReader = count(database, "SELECT count(*) FROM morango_deletedmodels");
        readDone.countDown();
        writer.get(10, TimeUnit.SECONDS);

        assertEquals(0, seenByReader);
        assertEquals(1, count(database, "SELECT count(*) FROM morango_deletedmodels"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void contentionFromAnotherConnectionIsRetriedUntilItPasses(DatabaseKind kind) throws Exception {
        EmptyDatabase empty = databases.empty(kind);
        Database database = databases.open(empty,
                kind == DatabaseKind.SQLITE ? new SqliteDialect(Duration.ofMillis(50)) : empty.dialect());
        database.inTransaction(tx -> tx.update("INSERT INTO morango_databasemaxcounter (instance_id, partition, counter)"
                + " VALUES (?, '', 1)", id("i")));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch contenderStarted = new CountDownLatch(1);
        // Another process's transaction, on a connection of its own: it holds the lock the work needs.
        Future<Object> other = threads.submit(() -> {
            try (Connection connection = empty.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute(kind == DatabaseKind.SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
                statement.executeUpdate("UPDATE morango_databasemaxcounter SET counter = 2");
                holding.countDown();
                if (kind == DatabaseKind.POSTGRESQL) {
                    await(contenderStarted);
                }
                Thread.sleep(150);
                statement.execute("COMMIT");
            }
            return null;
        });
        assertTrue(holding.await(10, TimeUnit.SECONDS));

        // On SQLite, BEGIN IMMEDIATE finds the write lock BUSY. On PostgreSQL the work's snapshot is older
        // than the other transaction's update, so updating the same row fails with a serialization failure
        // once that one commits.
        int attempts = database.inTransaction(TransactionOptions.WRITE.isolated(), tx -> {
            countIn(tx, "SELECT count(*) FROM morango_databasemaxcounter");
            contenderStarted.countDown();
            tx.update("UPDATE morango_databasemaxcounter SET counter = counter + 10");
            return tx.attempt();
        });
        other.get(10, TimeUnit.SECONDS);

        assertTrue(attempts > 1, "the work should have been retried, ran " + attempts + " time(s)");
        assertEquals(12, count(database, "SELECT counter FROM morango_databasemaxcounter"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void retriesStopAtTheBound(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        AtomicInteger runs = new AtomicInteger();
        SQLException contention = kind == DatabaseKind.SQLITE
                ? new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)", null, 5)
                : new SQLException("could not serialize access due to concurrent update", "40001");

        StorageException failure = assertThrows(StorageException.class, () -> database.inTransaction(tx -> {
            runs.incrementAndGet();
            deleted(tx, "a");
            throw contention;
        }));

        assertEquals(Database.MAX_ATTEMPTS, runs.get());
        assertTrue(failure.getMessage().contains("gave up after " + Database.MAX_ATTEMPTS + " attempts"),
                failure.getMessage());
        assertEquals(0, count(database, "SELECT count(*) FROM morango_deletedmodels"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void sharedPartitionLocksAreHeldTogether(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        CyclicBarrier bothInside = new CyclicBarrier(2);
        TransactionOptions shared = TransactionOptions.READ.lockingPartitions(LockMode.SHARED, List.of(DATASET));

        Future<Object> one = threads.submit(() -> database.inTransaction(shared, tx -> meet(bothInside)));
        Future<Object> two = threads.submit(() -> database.inTransaction(shared, tx -> meet(bothInside)));

        one.get(10, TimeUnit.SECONDS);
        two.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void exclusivePartitionLocksExcludeEachOtherWithinADataset(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        TransactionOptions first = TransactionOptions.WRITE.isolated()
                .lockingPartitions(LockMode.EXCLUSIVE, List.of(DATASET + ":user"));
        TransactionOptions second = TransactionOptions.WRITE.isolated()
                .lockingPartitions(LockMode.EXCLUSIVE, List.of(DATASET + ":other", OTHER_DATASET));

        List<Future<Object>> runs = List.of(
                threads.submit(() -> database.inTransaction(first, tx -> occupy(inside, mostInside))),
                threads.submit(() -> database.inTransaction(second, tx -> occupy(inside, mostInside))),
                threads.submit(() -> database.inTransaction(first, tx -> occupy(inside, mostInside))));
        for (Future<Object> run : runs) {
            run.get(20, TimeUnit.SECONDS);
        }

        assertEquals(1, mostInside.get());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void exclusiveLocksOfDifferentDatasetsOverlapOnlyWhereWritersMayRunTogether(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        CyclicBarrier bothInside = new CyclicBarrier(2);
        Future<Object> one = threads.submit(() -> database.inTransaction(
                TransactionOptions.WRITE.lockingPartitions(LockMode.EXCLUSIVE, List.of(DATASET)),
                tx -> meetWithin(bothInside, Duration.ofMillis(500))));
        Future<Object> two = threads.submit(() -> database.inTransaction(
                TransactionOptions.WRITE.lockingPartitions(LockMode.EXCLUSIVE, List.of(OTHER_DATASET)),
                tx -> meetWithin(bothInside, Duration.ofMillis(500))));

        boolean met = (Boolean) one.get(10, TimeUnit.SECONDS) & (Boolean) two.get(10, TimeUnit.SECONDS);

        // SQLite has one writer at a time whatever the partitions; PostgreSQL locks per dataset.
        if (kind == DatabaseKind.SQLITE) {
            assertFalse(met);
        } else {
            assertTrue(met);
        }
    }

    private static Object occupy(AtomicInteger inside, AtomicInteger mostInside) throws SQLException {
        int now = inside.incrementAndGet();
        mostInside.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(e);
        }
        inside.decrementAndGet();
        return null;
    }

    private static Object meet(CyclicBarrier barrier) throws SQLException {
        if (!meetWithin(barrier, Duration.ofSeconds(5))) {
            throw new SQLException("the other transaction never got in beside this one");
        }
        return null;
    }

    private static boolean meetWithin(CyclicBarrier barrier, Duration timeout) {
        try {
            barrier.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | BrokenBarrierException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long countIn(Transaction tx, String sql) throws SQLException {
        try (var query = tx.prepare(sql); var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int deleted(Transaction tx, String letter) throws SQLException {
        return tx.update("INSERT INTO morango_deletedmodels (id, profile) VALUES (?, 'facilitydata')", id(letter));
    }

    private static String id(String letter) {
        return letter.repeat(32);
    }
}
