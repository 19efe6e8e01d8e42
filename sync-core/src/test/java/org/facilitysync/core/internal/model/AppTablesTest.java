package org.facilitysync.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AppTablesTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aTableHasMorangosColumnsThenTheFieldsAndItsIndexes(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        RegisteredModel model = new RegisteredModel(everyType(List.of()), "test");

        new AppTables(database).provision(model);
        new AppTables(database).provision(model);

        assertEquals(List.of("id", "_morango_source_id", "_morango_partition", "_morango_dirty_bit", "user", "order",
                "count", "ratio", "active", "at", "data"), columns(database, model.table()));
        Set<String> indexes = indexes(database, kind, model.table());
        assertTrue(indexes.containsAll(Set.of("ix_app_test_everything_dirty", "ix_app_test_everything_user")),
                indexes.toString());
        // The serializer's partition query is answered by the partial "dirty" index; a full one only cost writes.
        assertFalse(indexes.contains("ix_app_test_everything_partition"), indexes.toString());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anAddedFieldBecomesAColumnAndRowsKeepTheirValues(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        RegisteredModel first = new RegisteredModel(everyType(List.of()), "test");
        new AppTables(database).provision(first);
        database.inTransaction(tx -> AppRows.insertIfAbsent(tx, first, "0123456789abcdef0123456789abcdef", "s", "p",
                Map.of("user", "0123456789abcdef0123456789abcdef", "order", "o", "count", 3L, "ratio", 0.5,
                        "active", true, "at", Instant.parse("2024-01-02T03:04:05.678901Z"), "data", "{\"a\": [1]}")));

        RegisteredModel second = new RegisteredModel(everyType(List.of(ModelField.of("extra", FieldType.INTEGER))),
                "test");
        new AppTables(database).provision(second);

        assertTrue(columns(database, second.table()).contains("extra"));
        var record = database.read(tx -> AppRows.find(tx, second, "0123456789abcdef0123456789abcdef")).orElseThrow();
        assertEquals(3L, record.get("count"));
        assertEquals(0.5, record.get("ratio"));
        assertEquals(true, record.get("active"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.678901Z"), record.get("at"));
        assertEquals("{\"a\": [1]}", record.get("data"));
        assertEquals(null, record.get("extra"));
    }

    /** A model with a field of every type, and fields named like SQL keywords. */
    static SyncableModel everyType(List<ModelField> more) {
        SyncableModel.Builder builder = SyncableModel.builder("test", "everything")
                .field(ModelField.reference("user", "everything").optional())
                .field("order", FieldType.STRING)
                .field("count", FieldType.INTEGER)
                .field("ratio", FieldType.REAL)
                .field("active", FieldType.BOOLEAN)
                .field("at", FieldType.DATETIME)
                .field(ModelField.of("data", FieldType.JSON).optional());
        more.forEach(builder::field);
        return builder.build();
    }

    static List<String> columns(Database database, String table) {
        return database.read(tx -> {
            List<String> names = new java.util.ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT * FROM " + table + " WHERE 1 = 0");
                 ResultSet rows = query.executeQuery()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    names.add(rows.getMetaData().getColumnName(i));
                }
            }
            return names;
        });
    }

    static Set<String> indexes(Database database, DatabaseKind kind, String table) {
        String sql = kind == DatabaseKind.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?";
        return database.read(tx -> {
            Set<String> names = new TreeSet<>();
            try (PreparedStatement query = tx.prepare(sql)) {
                query.setString(1, table);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
            }
            return names;
        });
    }
}
