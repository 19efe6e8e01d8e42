package org.facilitysync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The transaction a {@link Work} runs in: its connection, the dialect to write SQL with, and what it was
 * opened for. Valid only while the work runs.
 */
public final class Transaction {

    private final Connection connection;
    private final Dialect dialect;
    private final TransactionOptions options;
    private final int attempt;

    Transaction(Connection connection, Dialect dialect, TransactionOptions options, int attempt) {
        this.connection = connection;
        this.dialect = dialect;
        this.options = options;
        this.attempt = attempt;
    }

    /** The connection; do not commit, roll back or close it. */
    public Connection connection() {
        return connection;
    }

    public Dialect dialect() {
        return dialect;
    }

    public TransactionOptions options() {
        return options;
    }

    /** 1 for the first run of the work, 2 after the first retry, and so on. */
    public int attempt() {
        return attempt;
    }

    /** Shorthand for {@code connection().prepareStatement(sql)}. */
    public PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    /** Runs one statement with its parameters and returns the update count. */
    public int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
