package org.facilitysync.core.internal.model;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The SQL of single application rows and id lookups, inside the caller's transaction. Values must have
 * been checked against the model already. Lookups of many ids are split into statements of
 * {@value #IDS_PER_STATEMENT} ids, never one statement per id.
 */
public final class AppRows {

    /** Ids bound into one {@code IN (...)}: far below every bind limit, large enough to be set-based. */
    public static final int IDS_PER_STATEMENT = 1000;

    /** Rows a streaming read fetches per round trip. */
    public static final int FETCH_SIZE = 500;

    private AppRows() {
    }

    /** The record with this id, if its row exists. */
    public static Optional<SyncRecord> find(Transaction tx, RegisteredModel model, String id) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT " + model.selectColumns() + " FROM " + model.table()
                + " WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(read(rows, model, tx.dialect())) : Optional.empty();
            }
        }
    }

    /**
     * Inserts a new row, dirty; returns false (and changes nothing) when a row with that id exists.
     *
     * @param values every field of the model, by name
     */
    public static boolean insertIfAbsent(Transaction tx, RegisteredModel model, String id, String sourceId,
                                         String partition, Map<String, Object> values) throws SQLException {
        List<String> columns = model.allColumns();
        String sql = tx.dialect().insertIgnoringConflicts(model.table(), columns, List.of("id"), 1);
        try (PreparedStatement insert = tx.prepare(sql)) {
            insert.setString(1, id);
            insert.setString(2, sourceId);
            insert.setString(3, partition);
            insert.setBoolean(4, true);
            int index = 5;
            for (ModelField field : model.fields()) {
                AppColumns.bind(insert, index++, field.type(), values.get(field.name()), tx.dialect());
            }
            return insert.executeUpdate() == 1;
        }
    }

    /** Sets the given fields and the dirty bit; returns false when no row has that id. */
    public static boolean update(Transaction tx, RegisteredModel model, String id, Map<String, Object> changes)
            throws SQLException {
        StringJoiner set = new StringJoiner(", ", "UPDATE " + model.table() + " SET ", " WHERE id = ?");
        List<ModelField> changed = new ArrayList<>();
        for (ModelField field : model.fields()) {
            if (changes.containsKey(field.name())) {
                set.add(SqlNames.column(field.name()) + " = ?");
                changed.add(field);
            }
        }
        set.add("_morango_dirty_bit = " + tx.dialect().booleanLiteral(true));
        try (PreparedStatement update = tx.prepare(set.toString())) {
            int index = 1;
            for (ModelField field : changed) {
                AppColumns.bind(update, index++, field.type(), changes.get(field.name()), tx.dialect());
            }
            update.setString(index, id);
            return update.executeUpdate() == 1;
        }
    }

    /** Which of {@code ids} have a row in the model's table. */
    public static Set<String> existingIds(Transaction tx, RegisteredModel model, Collection<String> ids)
            throws SQLException {
        return select(tx, "SELECT id FROM " + model.table() + " WHERE id IN ", ids);
    }

    /** The ids of rows whose foreign key {@code field} holds one of {@code ids}. */
    public static Set<String> idsReferencing(Transaction tx, RegisteredModel model, ModelField field,
                                             Collection<String> ids) throws SQLException {
        return select(tx, "SELECT id FROM " + model.table() + " WHERE " + SqlNames.column(field.name()) + " IN ", ids);
    }

    /** Deletes the rows with these ids; returns how many existed. */
    public static int delete(Transaction tx, RegisteredModel model, Collection<String> ids) throws SQLException {
        int deleted = 0;
        for (List<String> part : partition(ids)) {
            try (PreparedStatement delete = tx.prepare("DELETE FROM " + model.table() + " WHERE id IN "
                    + placeholders(part.size()))) {
                bindAll(delete, 1, part);
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    public static long count(Transaction tx, RegisteredModel model) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT count(*) FROM " + model.table());
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Streams every row to {@code action}, {@value #FETCH_SIZE} rows per round trip, so that memory does
     * not grow with the table (on PostgreSQL the transaction's cursor makes the fetch size effective).
     */
    public static void forEach(Transaction tx, RegisteredModel model, Consumer<SyncRecord> action) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT " + model.selectColumns() + " FROM " + model.table())) {
            query.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    action.accept(read(rows, model, tx.dialect()));
                }
            }
        }
    }

    /** The records whose {@code field} equals {@code value} (already checked against the field's type). */
    public static List<SyncRecord> findBy(Transaction tx, RegisteredModel model, ModelField field, Object value)
            throws SQLException {
        List<SyncRecord> found = new ArrayList<>();
        try (PreparedStatement query = tx.prepare("SELECT " + model.selectColumns() + " FROM " + model.table()
                + " WHERE " + SqlNames.column(field.name()) + " = ?")) {
            AppColumns.bind(query, 1, field.type(), value, tx.dialect());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(read(rows, model, tx.dialect()));
                }
            }
        }
        return found;
    }

    /** The record at the current row of a result whose columns are {@link RegisteredModel#selectColumns()}. */
    public static SyncRecord read(ResultSet rows, RegisteredModel model, Dialect dialect) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        int index = 4;
        for (ModelField field : model.fields()) {
            values.put(field.name(), AppColumns.read(rows, index++, field.name(), field.type(), dialect));
        }
        return new SyncRecord(model.name(), rows.getString(1), rows.getString(2), rows.getString(3), values);
    }

    /** {@code (?, ?, ...)} with {@code n} markers. */
    public static String placeholders(int n) {
        return "(" + "?, ".repeat(n - 1) + "?)";
    }

    /** Binds {@code values} as strings from {@code first} on; returns the next free index. */
    public static int bindAll(PreparedStatement statement, int first, Collection<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            statement.setString(index++, value);
        }
        return index;
    }

    /** {@code ids} in parts of at most {@value #IDS_PER_STATEMENT}. */
    public static List<List<String>> partition(Collection<String> ids) {
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String id : ids) {
            current.add(id);
            if (current.size() == IDS_PER_STATEMENT) {
                parts.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    private static Set<String> select(Transaction tx, String sqlUpToIn, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (List<String> part : partition(ids)) {
            try (PreparedStatement query = tx.prepare(sqlUpToIn + placeholders(part.size()))) {
                bindAll(query, 1, part);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
        }
        return found;
    }
}
