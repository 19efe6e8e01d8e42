package org.facilitysync.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.sql.SQLException;
import java.util.UUID;

import org.facilitysync.core.testsupport.PostgresTestServer;
import org.ops4j.pax.exam.Option;

/**
 * The test driver's side of a PostgreSQL IT: starts (once per JVM) the same throwaway PostgreSQL server
 * the storage tests use, makes a fresh database on it, and hands the container where it is through
 * system properties. Runs only in the driver JVM: the container never loads this class.
 */
final class ThrowawayPostgres {

    static final String URL = "facilitysync.it.postgresql.url";
    static final String USER = "facilitysync.it.postgresql.user";
    static final String PASSWORD = "facilitysync.it.postgresql.password";

    /**
     * What goes into {@code .postgresql.password} when the server needs none (the throwaway server trusts
     * loopback): still a value the test can look for among the service properties.
     */
    static final String UNUSED_PASSWORD = "pg-it-secret-3f9c1d";

    private ThrowawayPostgres() {
    }

    /** A new database for {@code testClass}, as system properties of the container. */
    static Option newDatabase(Class<?> testClass) {
        PostgresTestServer server = PostgresTestServer.get();
        String database = "fs_" + testClass.getSimpleName().toLowerCase() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try {
            server.createDatabase(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on " + server, e);
        }
        return composite(
                systemProperty(URL).value(server.url(database)),
                systemProperty(USER).value(server.user()),
                systemProperty(PASSWORD).value(server.password() != null ? server.password() : UNUSED_PASSWORD));
    }
}
