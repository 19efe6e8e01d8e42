package org.facilitysync.core.internal.exchange;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.exchange.ExchangeFixtures.StoreRecord;
import org.facilitysync.core.internal.fsic.FsicJson;
import org.facilitysync.core.internal.fsic.FsicSide;
import org.facilitysync.core.internal.fsic.RecordMaxCounterRow;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FSICs computed from real rows equal Morango's text: every {@code fsic.json} database state, filter and
 * side (v2 byte for byte, with and without instance reduction; v1 as a map, since Morango builds it from
 * Python sets), and both recorded transfers' FSIC wire strings from the state dumps.
 */
class FsicQueryTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @TestFactory
    Stream<DynamicTest> everyDatabaseStateFilterAndSide() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DatabaseKind kind : DatabaseKind.values()) {
            for (JsonNode state : elements(load("fsic.json").path("db_states"))) {
                tests.add(dynamicTest(kind + " state " + state.path("name").asText(), () -> {
                    Database database = databases.migrated(kind);
                    loadFsicState(database, state.path("state"));
                    FsicQuery query = new FsicQuery(database);
                    for (JsonNode result : elements(state.path("results"))) {
                        SyncFilter filter = new SyncFilter(MorangoVectors.strings(result.path("filter")));
                        for (FsicSide side : FsicSide.values()) {
                            String prefix = side.name().toLowerCase();
                            String what = "filter " + filter.partitions() + " " + prefix;
                            assertEquals(PythonJson.dumps(result.path(prefix + "_v2")),
                                    FsicJson.write(query.v2(filter, side)), what + " v2");
                            assertEquals(PythonJson.dumps(result.path(prefix + "_v2")),
                                    query.wireText(filter, side, FsicFormat.V2), what + " v2 wire text");
                            assertEquals(PythonJson.dumps(result.path(prefix + "_v2_without_instance_reduction")),
                                    FsicJson.write(query.v2WithoutInstanceReduction(filter, side)),
                                    what + " v2 without instance reduction");
                            assertEquals(FsicJson.parseV1(PythonJson.dumps(result.path(prefix + "_v1"))),
                                    query.v1(filter, side), what + " v1");
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordedPullFsicsFromTheStateDumps(DatabaseKind kind) {
        JsonNode session = recordedSession(false);
        SyncFilter filter = SyncFilter.parse(session.path("filter").asText());
        // the server (producer) computed its FSIC after serializing: its tables then are those after the pull
        Database server = databases.migrated(kind);
        loadStateDump(server, load("state-after-pull.json").path("server"));
        Database client = databases.migrated(kind);
        loadStateDump(client, load("state-initial.json").path("client"));

        assertEquals(session.path("server_fsic_wire_string").asText(),
                new FsicQuery(server).wireText(filter, FsicSide.PRODUCER, FsicFormat.V2));
        assertEquals(session.path("client_fsic_wire_string").asText(),
                new FsicQuery(client).wireText(filter, FsicSide.RECEIVER, FsicFormat.V2));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordedPushFsicsFromTheStateDumps(DatabaseKind kind) {
        JsonNode session = recordedSession(true);
        SyncFilter filter = SyncFilter.parse(session.path("filter").asText());
        Database client = databases.migrated(kind);
        loadStateDump(client, load("state-after-push.json").path("client"));
        Database server = databases.migrated(kind);
        loadStateDump(server, load("state-before-push.json").path("server"));

        assertEquals(session.path("client_fsic_wire_string").asText(),
                new FsicQuery(client).wireText(filter, FsicSide.PRODUCER, FsicFormat.V2));
        assertEquals(session.path("server_fsic_wire_string").asText(),
                new FsicQuery(server).wireText(filter, FsicSide.RECEIVER, FsicFormat.V2));
    }

    static JsonNode recordedSession(boolean push) {
        for (JsonNode s : elements(load("fsic.json").path("recorded_sessions"))) {
            if (s.path("push").asBoolean() == push) {
                return s;
            }
        }
        throw new AssertionError("no recorded session with push=" + push);
    }

    /** A {@code fsic.json} state: Store rows with nested record max counters, and DMC rows in table order. */
    static void loadFsicState(Database database, JsonNode state) {
        List<StoreRecord> store = new ArrayList<>();
        List<RecordMaxCounterRow> rmcs = new ArrayList<>();
        for (JsonNode row : elements(state.path("store"))) {
            store.add(StoreRecord.ofFsicState(row));
            for (JsonNode rmc : elements(row.path("record_max_counters"))) {
                rmcs.add(new RecordMaxCounterRow(row.path("id").asText(), rmc.path("instance_id").asText(),
                        rmc.path("counter").asLong()));
            }
        }
        ExchangeFixtures.insertStore(database, store);
        ExchangeFixtures.insertRecordMaxCounters(database, rmcs);
        ExchangeFixtures.insertDatabaseMaxCounters(database,
                ExchangeFixtures.databaseMaxCounters(state.path("database_max_counters")));
    }

    /** A node of a {@code state-*.json} dump: Store, record max counters and DMC, in the dump's order. */
    static void loadStateDump(Database database, JsonNode node) {
        List<StoreRecord> store = new ArrayList<>();
        elements(node.path("store")).forEach(row -> store.add(StoreRecord.of(row)));
        ExchangeFixtures.insertStore(database, store);
        ExchangeFixtures.insertRecordMaxCounters(database,
                ExchangeFixtures.recordMaxCounters(node.path("record_max_counters")));
        ExchangeFixtures.insertDatabaseMaxCounters(database,
                ExchangeFixtures.databaseMaxCounters(node.path("database_max_counters")));
    }
}
