package org.facilitysync.core.internal.storage;

import java.util.List;

/**
 * One versioned schema migration: the file {@code db/<dialect>/V<version>__<name>.sql}.
 *
 * @param version     1, 2, ...: applied in this order, each once
 * @param description the file name's description, underscores read as spaces
 * @param resource    the class-path resource it was read from, for messages
 * @param checksum    SHA-256 (hex) of the file with line endings normalized to LF, recorded when applied
 * @param statements  the SQL statements, in order
 */
public record Migration(int version, String description, String resource, String checksum, List<String> statements) {

    public Migration {
        statements = List.copyOf(statements);
    }

    /** {@code V<version>__<name>.sql}, as the file is called. */
    public String fileName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}
