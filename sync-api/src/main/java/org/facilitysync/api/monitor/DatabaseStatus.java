package org.facilitysync.api.monitor;

import java.util.Objects;

/**
 * The node's database as a health check sees it.
 *
 * @param reachable whether a query just succeeded
 * @param description the kind and place of the database (no credentials)
 * @param schemaVersion the schema version the database is at, or -1 when unreachable
 * @param expectedSchemaVersion the schema version this node's code expects
 * @param freeBytes usable disk space where an embedded database lives; -1 for a database server
 * @param problem why it is unreachable; empty when reachable
 */
public record DatabaseStatus(boolean reachable, String description, int schemaVersion, int expectedSchemaVersion,
        long freeBytes, String problem) {

    public DatabaseStatus {
        Objects.requireNonNull(description, "description");
        problem = problem == null ? "" : problem;
    }
}
