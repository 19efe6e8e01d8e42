package org.facilitysync.core.internal.storage;

import java.sql.SQLException;

/**
 * A unit of work that runs inside one transaction.
 *
 * <p>It may run more than once: after contention (SQLite BUSY, a PostgreSQL serialization failure) the
 * transaction is rolled back and the work is run again from the start, so it must not leave effects
 * outside the database that a second run would repeat. It must not commit, roll back or change the
 * connection's auto-commit mode: {@link Database} does that.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface Work<T> {

    T run(Transaction transaction) throws SQLException;
}
