package org.facilitysync.core.internal.serialization;

import static org.facilitysync.core.internal.serialization.StoreFixtures.BOB;
import static org.facilitysync.core.internal.serialization.StoreFixtures.SELF;
import static org.facilitysync.core.internal.serialization.StoreFixtures.facility;
import static org.facilitysync.core.internal.serialization.StoreFixtures.id;
import static org.facilitysync.core.internal.serialization.StoreFixtures.insert;
import static org.facilitysync.core.internal.serialization.StoreFixtures.row;
import static org.facilitysync.core.internal.serialization.StoreFixtures.summary;
import static org.facilitysync.core.internal.serialization.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.records.SyncRecordsService;

import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeserializationCasesTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private Database database;
    private ModelCatalog catalog;

    private void open(DatabaseKind kind) {
        database = databases.migrated(kind);
        catalog = TestApp.catalog(database);
        MorangoState.activateInstance(database, SELF, 1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aMissingReferentLeavesTheRowDirtyWithMorangosMessageUntilItArrives(DatabaseKind kind) {
        open(kind);
        String log = id('a');
        insert(database, summary(log, BOB, "c1"));

        DeserializationResult first = deserialize(2);

        assertEquals(1, first.failed());
        Map<String, Object> row = store(log);
        assertEquals(true, row.get("dirty_bit"));
        assertEquals("{'user_id': \"user instance with id '" + BOB + "' does not exist\"}",
                row.get("deserialization_error"));
        assertTrue(app("contentsummarylog").isEmpty());

        insert(database, user(BOB));
        DeserializationResult second = deserialize(2);

        assertEquals(2, second.applied());
        assertEquals(0, second.failed());
        assertEquals(false, store(log).get("dirty_bit"));
        assertEquals("", store(log).get("deserialization_error"));
        assertEquals("c1", app("contentsummarylog").get(log).get("content_id"));
        assertEquals(false, app("contentsummarylog").get(log).get("_morango_dirty_bit"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRowReferencingATombstoneIsQueuedAsDeletedInsteadOfWritten(DatabaseKind kind) {
        open(kind);
        String soft = id('a');
        String hard = id('b');
        String deletedUser = id('c');
        String hardDeletedUser = id('d');
        insert(database, user(deletedUser).put("deleted", true).put("dirty_bit", false),
                user(hardDeletedUser).put("deleted", true).put("hard_deleted", true).put("serialized", "{}")
                        .put("dirty_bit", false),
                summary(soft, deletedUser, "c1"), summary(hard, hardDeletedUser, "c2"));

        DeserializationResult result = deserialize(10);

        assertEquals(2, result.deletedByReferent());
        assertTrue(app("contentsummarylog").isEmpty());
        assertEquals(false, store(soft).get("dirty_bit"));
        assertEquals(Set.of(soft, hard), MorangoState.queued(database, "morango_deletedmodels"));
        assertEquals(Set.of(hard), MorangoState.queued(database, "morango_harddeletedmodels"));

        new StoreSerializer(database, catalog).serializeIntoStore(TestApp.PROFILE, null);

        assertEquals(true, store(soft).get("deleted"), "the next serialization tombstones it");
        assertEquals(true, store(hard).get("hard_deleted"));
        assertEquals("{}", store(hard).get("serialized"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void selfReferencingRowsAreAppliedParentsFirstAndOrphansSayWhy(DatabaseKind kind) {
        open(kind);
        String root = id('1');
        String child = id('2');
        String grandchild = id('3');
        String orphan = id('4');
        String orphansChild = id('5');
        // inserted children first, so that nothing works by accident of insertion order
        insert(database, facility(grandchild, "G", child), facility(child, "C", root), facility(root, "R", null),
                facility(orphansChild, "OC", orphan), facility(orphan, "O", id('9')));

        DeserializationResult result = deserialize(1);

        assertEquals(3, result.applied());
        assertEquals(2, result.failed());
        Map<String, Map<String, Object>> facilities = app("facility");
        assertEquals(Set.of(root, child, grandchild), facilities.keySet());
        assertEquals(child, facilities.get(grandchild).get("parent_id"));
        assertEquals(StoreDeserializer.PARENT_MISSING, store(orphan).get("deserialization_error"));
        assertEquals(StoreDeserializer.PARENT_DIRTY, store(orphansChild).get("deserialization_error"));
        assertEquals(true, store(orphan).get("dirty_bit"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void brokenRecordsFailAloneWithTheirReasonAndTheRestApplies(DatabaseKind kind) {
        open(kind);
        String good = id('a');
        String notJson = id('b');
        String notObject = id('c');
        String wrongType = id('d');
        String missingField = id('e');
        String unknownModel = id('f');
        insert(database, user(BOB), summary(good, BOB, "c1"),
                row(notJson, "contentsummarylog", BOB + ":user:summary", "{\"id\": \"" + notJson),
                row(notObject, "contentsummarylog", BOB + ":user:summary", "[1, 2]"),
                row(wrongType, "contentsummarylog", BOB + ":user:summary",
                        "{\"user_id\": \"" + BOB + "\", \"content_id\": 42}"),
                row(missingField, "contentsummarylog", BOB + ":user:summary", "{\"user_id\": \"" + BOB + "\"}"),
                row(unknownModel, "lesson", BOB + ":user:lesson", "{}"));

        DeserializationResult result = deserialize(100);

        assertEquals(2, result.applied(), result.toString());
        assertEquals(5, result.failed(), result.toString());
        assertEquals(Set.of(good), app("contentsummarylog").keySet());
        assertTrue(error(notJson).startsWith("serialized is not valid JSON: "), error(notJson));
        assertEquals("serialized is JSON, but not an object (array)", error(notObject));
        assertEquals("field 'content_id' (STRING): expected a string, got 42", error(wrongType));
        assertEquals("field 'content_id' (STRING): is missing and is required", error(missingField));
        assertTrue(error(unknownModel).contains("'lesson'") && error(unknownModel).contains("'facilitydata'"),
                error(unknownModel));
        for (String failed : Set.of(notJson, notObject, wrongType, missingField, unknownModel)) {
            assertEquals(true, store(failed).get("dirty_bit"), failed);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void tombstonesRemoveAppRowsWithoutQueueingDeletionsAndOnlyTheFilterIsApplied(DatabaseKind kind) {
        open(kind);
        String other = "9".repeat(32);
        insert(database, user(BOB), user(other));
        deserialize(10);
        database.inTransaction(tx -> tx.update("UPDATE morango_store SET deleted = ?, dirty_bit = ?", true, true));

        DeserializationResult result = new StoreDeserializer(database, catalog)
                .deserializeFromStore(TestApp.PROFILE, org.facilitysync.api.SyncFilter.of(BOB));

        assertEquals(1, result.deleted());
        assertEquals(Set.of(other), app("user").keySet(), "outside the filter nothing changes");
        assertEquals(true, store(other).get("dirty_bit"));
        assertTrue(MorangoState.queued(database, "morango_deletedmodels").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void unknownKeysAreIgnoredAndTheStoreColumnsGiveSourceAndPartition(DatabaseKind kind) {
        open(kind);
        insert(database, user(BOB).put("serialized", "{\"id\": \"" + BOB + "\", \"_morango_source_id\": \"x\","
                + " \"_morango_partition\": \"y\", \"password\": \"\", \"is_staff\": 1, \"is_superuser\": \"False\","
                + " \"username\": \"bob\", \"avatar\": \"new in a later version\"}"));

        assertEquals(1, deserialize(10).applied());

        Map<String, Object> bob = app("user").get(BOB);
        assertEquals(BOB, bob.get("_morango_source_id"));
        assertEquals(BOB + ":user", bob.get("_morango_partition"));
        assertEquals(true, bob.get("is_staff"));
        assertEquals(false, bob.get("is_superuser"));
        assertNull(bob.get("last_login"));
        assertFalse((Boolean) bob.get("_morango_dirty_bit"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordsOfEveryTypeSurviveTheTripThroughTheStore(DatabaseKind kind) {
        open(kind);
        SyncableModel typed = SyncableModel.builder("typed", "thing")
                .field("i", FieldType.INTEGER).field("r", FieldType.REAL).field("b", FieldType.BOOLEAN)
                .field("d", FieldType.DATETIME).field(ModelField.of("j", FieldType.JSON).optional())
                .field("s", FieldType.STRING).field(ModelField.of("n", FieldType.REAL).optional()).build();
        catalog.add(new ModelCatalog.ProfileSource(2, "typed", TestApp.profile("typed", List.of(typed))));
        SyncRecords records = new SyncRecordsService(database, catalog);
        SyncRecord sent = records.create("typed", "thing", Map.of("i", Long.MIN_VALUE, "r", 1e-300, "b", true,
                "d", Instant.parse("1999-12-31T23:59:59.999Z"), "j", "[{\"a\": null}, 1.5, \"\u00e9\"]",
                "s", "line\nbreak \u65e5\uD83D\uDE00"));
        new StoreSerializer(database, catalog).serializeIntoStore("typed", null);

        Database receiver = databases.migrated(kind);
        ModelCatalog receiverCatalog = TestApp.catalog(receiver);
        receiverCatalog.add(new ModelCatalog.ProfileSource(2, "typed", TestApp.profile("typed", List.of(typed))));
        MorangoState.activateInstance(receiver, StoreFixtures.PEER, 1);
        com.fasterxml.jackson.databind.node.ObjectNode row = StoreFixtures.row(sent.id(), "thing", sent.partition(),
                (String) MorangoState.storeRows(database).get(sent.id()).get("serialized"));
        row.put("profile", "typed").put("source_id", sent.sourceId());
        insert(receiver, row);

        DeserializationResult result = new StoreDeserializer(receiver, receiverCatalog)
                .deserializeFromStore("typed", null);

        assertEquals(1, result.applied(), result.toString());
        SyncRecord received = new SyncRecordsService(receiver, receiverCatalog).read("typed", "thing", sent.id())
                .orElseThrow();
        assertEquals(sent.values(), received.values());
        assertEquals(sent, received);
    }

    private DeserializationResult deserialize(int chunk) {
        return new StoreDeserializer(database, catalog, chunk).deserializeFromStore(TestApp.PROFILE, null);
    }

    private Map<String, Object> store(String id) {
        return MorangoState.storeRows(database).get(id);
    }

    private String error(String id) {
        return (String) store(id).get("deserialization_error");
    }

    private Map<String, Map<String, Object>> app(String model) {
        return MorangoState.appRows(database, catalog.profile(TestApp.PROFILE).require(model));
    }
}
