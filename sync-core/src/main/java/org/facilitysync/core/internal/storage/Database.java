package org.facilitysync.core.internal.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's database: runs units of work in transactions. This is what the engine uses.
 *
 * <ul>
 * <li>{@link #inTransaction(Work)}: a writing transaction, committed when the work returns and rolled
 * back when it throws. Transient contention (SQLite BUSY, PostgreSQL serialization failure or
 * deadlock) rolls back and runs the work again, up to {@value #MAX_ATTEMPTS} times in all.</li>
 * <li>{@link #inTransaction(TransactionOptions, Work)}: the same with an isolation level and partition
 * locks, e.g. {@code TransactionOptions.WRITE.isolated().lockingPartitions(EXCLUSIVE, filter)}.</li>
 * <li>{@link #read(Work)}: a read-only snapshot; on SQLite it runs beside the writer.</li>
 * </ul>
 *
 * <p>On SQLite, writing transactions of this process are serialized here (one writer), so they never
 * fight each other for the file lock; readers are not. A call made while the same thread is already
 * inside a transaction of this database joins it, inside a savepoint: its failure undoes only its own
 * changes, and it cannot ask for more than the outer transaction has (a write inside a read, a
 * snapshot inside a non-snapshot writer, partition locks the outer one did not take).
 */
public final class Database implements AutoCloseable {

    /** How many times a unit of work runs at most when it keeps meeting contention. */
    public static final int MAX_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Duration WRITE_LOCK_TIMEOUT = Duration.ofMinutes(10);
    private static final long FIRST_BACKOFF_MILLIS = 25;
    private static final long MAX_BACKOFF_MILLIS = 500;

    private final ConnectionPool pool;
    private final Dialect dialect;
    private final String location;
    private final ReentrantLock writer = new ReentrantLock(true);
    private final ThreadLocal<Active> current = new ThreadLocal<>();

    Database(ConnectionPool pool, Dialect dialect, String location) {
        this.pool = pool;
        this.dialect = dialect;
        this.location = location;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Where the database is, for messages: a file path, or a JDBC URL without credentials. */
    public String location() {
        return location;
    }

    /** Runs {@code work} in a writing transaction; see the class comment. */
    public <T> T inTransaction(Work<T> work) {
        return inTransaction(TransactionOptions.WRITE, work);
    }

    /** Runs {@code work} in a read-only transaction that sees one snapshot. */
    public <T> T read(Work<T> work) {
        return inTransaction(TransactionOptions.READ, work);
    }

    /** Runs {@code work} in a transaction opened with {@code options}; see the class comment. */
    public <T> T inTransaction(TransactionOptions options, Work<T> work) {
        Active outer = current.get();
        if (outer != null) {
            return joined(outer, options, work);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(options, work, attempt);
            } catch (RuntimeException | Error failure) {
                if (!isRetryable(failure)) {
                    throw failure;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StorageException("transaction on database " + location + " gave up after "
                            + MAX_ATTEMPTS + " attempts, each stopped by concurrent access: " + rootMessage(failure),
                            failure);
                }
                LOG.debug("Transaction on database {} met concurrent access (attempt {} of {}), retrying: {}",
                        location, attempt, MAX_ATTEMPTS, rootMessage(failure));
                backOff(attempt);
            }
        }
    }

    /** Closes the connections. Work still running finishes; new work fails. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return dialect.name() + " database " + location;
    }

    private <T> T runOnce(TransactionOptions options, Work<T> work, int attempt) {
        boolean serialized = !options.readOnly() && dialect.serializesWrites();
        if (serialized) {
            acquireWriter();
        }
        try {
            return runOnConnection(options, work, attempt);
        } finally {
            if (serialized) {
                writer.unlock();
            }
        }
    }

    private <T> T runOnConnection(TransactionOptions options, Work<T> work, int attempt) {
        Connection connection;
        try {
            connection = pool.borrow();
        } catch (SQLException e) {
            throw new StorageException("cannot connect to database " + location + ": " + e.getMessage(), e);
        }
        boolean healthy = true;
        boolean locked = false;
        try {
            dialect.lockPartitions(connection, options);
            locked = true;
            dialect.begin(connection, options);
            current.set(new Active(new Transaction(connection, dialect, options, attempt)));
            T result;
            try {
                result = work.run(current.get().transaction);
            } finally {
                current.remove();
            }
            dialect.commit(connection);
            return result;
        } catch (SQLException | RuntimeException | Error failure) {
            healthy = rollback(connection, failure);
            if (failure instanceof SQLException sql) {
                throw DatabaseFullException.isFull(sql) ? new DatabaseFullException(location, sql)
                        : new StorageException("transaction on database " + location + " failed: " + sql.getMessage(), sql);
            }
            throw unchecked(failure);
        } finally {
            // Locking that failed half way may hold some locks: only closing the connection drops them.
            healthy &= locked || options.partitions().isEmpty();
            healthy &= restore(connection, options, locked);
            if (healthy) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    private <T> T joined(Active outer, TransactionOptions options, Work<T> work) {
        if (!outer.transaction.options().covers(options)) {
            throw new IllegalStateException("a transaction nested in another one asked for " + options
                    + " but the outer transaction was opened with " + outer.transaction.options()
                    + ": declare what the work needs on the outermost transaction");
        }
        Connection connection = outer.transaction.connection();
        String savepoint = "fs_nested_" + (++outer.depth);
        try {
            Dialect.execute(connection, "SAVEPOINT " + savepoint);
            T result = work.run(outer.transaction);
            Dialect.execute(connection, "RELEASE SAVEPOINT " + savepoint);
            return result;
        } catch (SQLException | RuntimeException | Error failure) {
            try {
                Dialect.execute(connection, "ROLLBACK TO SAVEPOINT " + savepoint);
                Dialect.execute(connection, "RELEASE SAVEPOINT " + savepoint);
            } catch (SQLException undo) {
                failure.addSuppressed(undo);
            }
            if (failure instanceof SQLException sql) {
                throw DatabaseFullException.isFull(sql) ? new DatabaseFullException(location, sql)
                        : new StorageException("nested transaction on database " + location + " failed: "
                                + sql.getMessage(), sql);
            }
            throw unchecked(failure);
        } finally {
            outer.depth--;
        }
    }

    /** Rolls back after {@code failure}; returns whether the connection may be reused. */
    private boolean rollback(Connection connection, Throwable failure) {
        try {
            dialect.rollback(connection);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
        try {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Puts the connection back in its resting state; returns whether that worked. */
    private boolean restore(Connection connection, TransactionOptions options, boolean locked) {
        try {
            dialect.reset(connection, options);
            if (locked) {
                dialect.unlockPartitions(connection, options);
            }
            return true;
        } catch (SQLException e) {
            // Closing the connection releases whatever it still holds, locks included.
            LOG.debug("Resetting a connection to database {} failed, closing it: {}", location, e.toString());
            return false;
        }
    }

    private void acquireWriter() {
        try {
            if (!writer.tryLock(WRITE_LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageException("waited " + WRITE_LOCK_TIMEOUT.toMinutes()
                        + " min for the other writing transaction on database " + location + " to end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to write to database " + location, e);
        }
    }

    private boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && dialect.isRetryable(sql)) {
                return true;
            }
        }
        return false;
    }

    private void backOff(int attempt) {
        long millis = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
        millis += ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while retrying a transaction on database " + location, e);
        }
    }

    /** {@code failure}, which is known not to be a checked exception, typed so that it can be thrown. */
    private static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** The transaction this thread is in, and how deep its savepoints go. */
    private static final class Active {
        final Transaction transaction;
        int depth;

        Active(Transaction transaction) {
            this.transaction = transaction;
        }
    }
}
