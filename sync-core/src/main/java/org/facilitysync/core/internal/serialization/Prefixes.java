package org.facilitysync.core.internal.serialization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.storage.Dialect;

/**
 * A filter's partition prefixes in SQL: {@code (col LIKE ? ESCAPE '\' OR ...)}, matched literally
 * (see {@link Dialect#startsWith(String)}), or no condition at all when a prefix is {@code ""}.
 */
final class Prefixes {

    private Prefixes() {
    }

    /** The filter's prefixes; no filter is Morango's "everything", {@code [""]}. */
    static List<String> of(SyncFilter filter) {
        return filter == null ? List.of("") : filter.partitions();
    }

    static boolean matchAll(List<String> prefixes) {
        return prefixes.contains("");
    }

    /** {@code " AND (...)"} for {@code column}, or {@code ""} when every partition matches. */
    static String and(Dialect dialect, String column, List<String> prefixes) {
        if (matchAll(prefixes)) {
            return "";
        }
        StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
        for (int i = 0; i < prefixes.size(); i++) {
            any.add(dialect.startsWith(column));
        }
        return any.toString();
    }

    /** Binds what {@link #and} asked for, from {@code index}; returns the next free index. */
    static int bind(PreparedStatement statement, int index, List<String> prefixes) throws SQLException {
        if (matchAll(prefixes)) {
            return index;
        }
        for (String prefix : prefixes) {
            statement.setString(index++, Dialect.likePrefixPattern(prefix));
        }
        return index;
    }
}
