package org.facilitysync.core.internal.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** A text dump of a database's schema (tables, columns, indexes), to show that something did not change it. */
final class SchemaSnapshot {

    private SchemaSnapshot() {
    }

    static String of(Database database) {
        String sql = database.dialect() instanceof SqliteDialect
                ? "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master"
                        + " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
                : "SELECT * FROM (SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type"
                        + " || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line"
                        + " FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " UNION ALL SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes"
                        + " WHERE schemaname = current_schema()) AS schema_lines ORDER BY line";
        return database.read(tx -> {
            StringBuilder dump = new StringBuilder();
            try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    dump.append(rows.getString(1)).append('\n');
                }
            }
            return dump.toString();
        });
    }
}
