package org.facilitysync.core.internal.model;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.core.internal.storage.Dialect;

/**
 * How field values live in application-table columns: the SQL type per {@link FieldType} and dialect,
 * and binding and reading the Java values {@link org.facilitysync.api.model.SyncRecord} uses
 * ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code Instant}, JSON as {@code String}).
 *
 * <p>JSON is kept as text, never PostgreSQL {@code jsonb}: jsonb reorders keys, and the serialized
 * form must keep them as written.
 */
public final class AppColumns {

    private AppColumns() {
    }

    /** The column type of a field. Field columns are nullable in SQL; required values are checked in Java. */
    public static String sqlType(FieldType type, Dialect dialect) {
        return switch (type) {
            case STRING, JSON -> "TEXT";
            case INTEGER -> "BIGINT";
            case REAL -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case DATETIME -> dialect.timestampType();
        };
    }

    /** Binds a value already checked against {@code type}; null binds SQL NULL of the column's type. */
    public static void bind(PreparedStatement statement, int index, FieldType type, Object value, Dialect dialect)
            throws SQLException {
        switch (type) {
            case STRING, JSON -> {
                if (value == null) {
                    statement.setNull(index, Types.VARCHAR);
                } else {
                    statement.setString(index, (String) value);
                }
            }
            case INTEGER -> {
                if (value == null) {
                    statement.setNull(index, Types.BIGINT);
                } else {
                    statement.setLong(index, ((Number) value).longValue());
                }
            }
            case REAL -> {
                if (value == null) {
                    statement.setNull(index, Types.DOUBLE);
                } else {
                    statement.setDouble(index, ((Number) value).doubleValue());
                }
            }
            case BOOLEAN -> {
                if (value == null) {
                    statement.setNull(index, Types.BOOLEAN);
                } else {
                    statement.setBoolean(index, (Boolean) value);
                }
            }
            case DATETIME -> dialect.setInstant(statement, index, (Instant) value);
        }
    }

    /** Reads column {@code index} (labelled {@code label}) as a value of {@code type}; SQL NULL gives null. */
    public static Object read(ResultSet rows, int index, String label, FieldType type, Dialect dialect)
            throws SQLException {
        switch (type) {
            case STRING, JSON:
                return rows.getString(index);
            case INTEGER: {
                long value = rows.getLong(index);
                return rows.wasNull() ? null : value;
            }
            case REAL: {
                double value = rows.getDouble(index);
                return rows.wasNull() ? null : value;
            }
            case BOOLEAN: {
                boolean value = rows.getBoolean(index);
                return rows.wasNull() ? null : value;
            }
            case DATETIME:
                return dialect.getInstant(rows, label);
            default:
                throw new IllegalStateException("unknown field type " + type);
        }
    }
}
