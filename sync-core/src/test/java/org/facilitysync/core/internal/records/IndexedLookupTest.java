package org.facilitysync.core.internal.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.model.AppTables;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.SqlNames;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * {@link SyncRecords#findBy}: a field the model declares indexed is looked up by one index search (the
 * database's plan says so), which is how a hub finds the user of a certificate request among a million.
 */
class IndexedLookupTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = "lookups";
    private static final int MEMBERS = 5_000;

    private static SyncableModel member() {
        return SyncableModel.builder(PROFILE, "member")
                .field("username", FieldType.STRING)
                .field("team", FieldType.STRING)
                .indexed("username")
                .build();
    }

    private static SyncRecords records(Database database) {
        ModelCatalog catalog = new ModelCatalog(LoggerFactory.getLogger(IndexedLookupTest.class),
                new AppTables(database)::provision);
        catalog.add(new ModelCatalog.ProfileSource(1, "lookups", TestApp.profile(PROFILE, List.of(member()))));
        return new SyncRecordsService(database, catalog);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDeclaredFieldIsFoundByAnIndexSearch(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        SyncRecords records = records(database);
        records.inTransaction(tx -> {
            for (int i = 0; i < MEMBERS; i++) {
                tx.create(PROFILE, "member", Map.of("username", "learner" + i, "team", "team" + (i % 7)));
            }
            return null;
        });
        records.create(PROFILE, "member", Map.of("username", "learner77", "team", "another facility"));
        database.inTransaction(tx -> tx.update("ANALYZE"));

        long start = System.nanoTime();
        List<SyncRecord> found = records.findBy(PROFILE, "member", "username", "learner77");
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.printf("findBy(username) among %,d members on %s: %,d µs%n", MEMBERS + 1, kind, micros);

        assertEquals(2, found.size(), "both members named learner77: " + found);
        assertTrue(found.stream().allMatch(r -> r.values().get("username").equals("learner77")));
        String table = SqlNames.table(PROFILE, "member");
        String plan = plan(database, kind, "SELECT id FROM " + table + " WHERE " + SqlNames.column("username")
                + " = 'learner77'");
        assertTrue(plan.contains(SqlNames.index(table, "username")), "the lookup uses the declared index: " + plan);
        assertEquals(List.of(), records.findBy(PROFILE, "member", "username", "nobody"));
        assertEquals(List.of(), records.findBy(PROFILE, "member", "username", null), "null finds nothing");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anUnknownFieldOrAValueOfTheWrongTypeIsRefusedByName(DatabaseKind kind) {
        SyncRecords records = records(databases.migrated(kind));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> records.findBy(PROFILE, "member", "nickname", "x"));
        assertTrue(unknown.getMessage().contains("no field 'nickname'"), unknown.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> records.findBy(PROFILE, "member", "username", 42));
        assertTrue(wrongType.getMessage().contains("username"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyncableModel.builder(PROFILE, "member")
                .field("username", FieldType.STRING).indexed("nickname").build());
    }

    private static String plan(Database database, DatabaseKind kind, String sql) {
        String explain = (kind == DatabaseKind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        return database.read(tx -> {
            StringJoiner lines = new StringJoiner("\n");
            try (PreparedStatement query = tx.prepare(explain); ResultSet rows = query.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    lines.add(rows.getString(columns));
                }
            }
            return lines.toString();
        });
    }
}
