package org.facilitysync.core.internal.storage;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration PID {@value StorageSettings#PID} (file {@code load/org.facilitysync.storage.cfg}): which
 * database this node keeps its data in. Read once at start; a change restarts the storage and whatever
 * uses it. The one source of the keys, defaults and Metatype; {@link StorageSettings} checks the values.
 */
@ObjectClassDefinition(name = "facilitysync storage",
        description = "Where this node keeps its sync data: an embedded SQLite file (the default, nothing to"
                + " install) or a PostgreSQL server (for hubs). An invalid value is logged with its key and the"
                + " storage stays down until it is fixed.")
@interface StorageConfiguration {

    @AttributeDefinition(name = "Database type",
            description = "sqlite (embedded file, the default) or postgresql (a server, for hubs).",
            options = {@Option(label = "SQLite (embedded file)", value = "sqlite"),
                    @Option(label = "PostgreSQL server", value = "postgresql")})
    String type() default "sqlite";

    @AttributeDefinition(name = "SQLite file", required = false,
            description = "The SQLite database file; a relative path is resolved against the node's home."
                    + " Empty: <home>/data/node.sqlite, where home is the framework property facilitysync.home,"
                    + " or this bundle's data area when that is not set. Its folder must be writable.")
    String sqlite_path() default "";

    @AttributeDefinition(name = "PostgreSQL JDBC URL", required = false,
            description = "For type postgresql: jdbc:postgresql://host:5432/database. Do not put the password"
                    + " here: the URL is logged and published; use .postgresql.password.")
    String postgresql_url() default "";

    @AttributeDefinition(name = "PostgreSQL user", required = false,
            description = "For type postgresql: the user to connect as.")
    String postgresql_user() default "";

    /*
     * The key is ".postgresql.password": a configuration key starting with "." is private, so ConfigAdmin
     * keeps it but Declarative Services never publishes it as a service property. It is never logged.
     */
    @AttributeDefinition(name = "PostgreSQL password", type = AttributeType.PASSWORD, required = false,
            description = "For type postgresql: the user's password, under the private key .postgresql.password"
                    + " (keys starting with '.' are never published as service properties); never logged.")
    String _postgresql_password() default "";

    /* A String read as a whole number by StorageSettings: SCR would turn "12x" into 0 without a word. */
    @AttributeDefinition(name = "PostgreSQL connections", type = AttributeType.INTEGER, min = "1", max = "64",
            description = "For type postgresql: the most connections this node opens at once.")
    String postgresql_pool_size() default "" + StorageSettings.DEFAULT_POOL_SIZE;
}
