package org.facilitysync.core.internal.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small bounded pool of JDBC connections over a plain {@link DataSource}.
 *
 * <p>At most {@code maxSize} connections exist at once; a borrower waits up to {@code acquireTimeout}
 * for one. Connections are opened lazily, prepared by the dialect once, checked before reuse when they
 * sat idle for a while, and closed instead of returned when they broke. Written here rather than taken
 * from a pool library to keep the runtime to the JDBC bundles alone.
 */
final class ConnectionPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    // An idle connection older than this is validated before reuse: servers and firewalls drop idle ones.
    private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String location;
    private final int maxSize;
    private final Duration acquireTimeout;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(DataSource dataSource, Dialect dialect, String location, int maxSize, Duration acquireTimeout) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + maxSize);
        }
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.location = location;
        this.maxSize = maxSize;
        this.acquireTimeout = acquireTimeout;
        this.permits = new Semaphore(maxSize, true);
    }

    int maxSize() {
        return maxSize;
    }

    /** A connection for the caller's exclusive use, to be given back with {@link #release} or {@link #discard}. */
    Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageException("no free connection to database " + location + " within "
                        + acquireTimeout.toSeconds() + " s (all " + maxSize + " in use)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a connection to database " + location, e);
        }
        try {
            Connection reused = takeIdle();
            return reused != null ? reused : open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives back a healthy connection, in its resting state. */
    void release(Connection connection) {
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                idle.push(new Idle(connection, System.nanoTime()));
            }
        }
        if (!keep) {
            closeQuietly(connection);
        }
        permits.release();
    }

    /** Gives back a connection that must not be reused: it is closed. */
    void discard(Connection connection) {
        closeQuietly(connection);
        permits.release();
    }

    /** Closes the idle connections; borrowed ones are closed as they come back. */
    @Override
    public void close() {
        Deque<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(i -> closeQuietly(i.connection));
    }

    private Connection takeIdle() {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new StorageException("database " + location + " is closed");
                }
                candidate = idle.poll();
            }
            if (candidate == null) {
                return null;
            }
            if (System.nanoTime() - candidate.since < VALIDATE_AFTER_IDLE_NANOS || isValid(candidate.connection)) {
                return candidate.connection;
            }
            LOG.debug("Dropping a stale connection to database {}", location);
            closeQuietly(candidate.connection);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            dialect.initializeConnection(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing a connection to database {} failed: {}", location, e.toString());
        }
    }

    private record Idle(Connection connection, long since) {
    }
}
