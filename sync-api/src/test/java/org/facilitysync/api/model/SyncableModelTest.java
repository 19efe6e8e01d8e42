package org.facilitysync.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SyncableModelTest {

    @Test
    void aMembershipLikeModelBuilds() {
        SyncableModel membership = SyncableModel.builder("facilitydata", "membership")
                .field(ModelField.reference("user_id", "facilityuser"))
                .field(ModelField.reference("collection_id", "collection"))
                .field("dataset_id", FieldType.STRING)
                .partition("${dataset_id}:user-ro:${user_id}")
                .sourceId(SourceIdRule.fromFields("collection_id"))
                .build();
        assertEquals(List.of("dataset_id", "user_id"), SyncableModel.placeholders(membership.partitionTemplate()));
        assertTrue(membership.field("user_id").orElseThrow().isReference());
        assertTrue(membership.selfReference().isEmpty());
    }

    @Test
    void aPartitionPlaceholderMustBeAField() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SyncableModel.builder("p", "log").partition("${user_id}:user").build());
        assertTrue(bad.getMessage().contains("${user_id}"), bad.getMessage());
    }

    @Test
    void atMostOneSelfReference() {
        assertThrows(IllegalArgumentException.class, () -> SyncableModel.builder("p", "facility")
                .field(ModelField.reference("parent_id", "facility").optional())
                .field(ModelField.reference("twin_id", "facility").optional())
                .build());
    }

    @Test
    void reservedAndMalformedFieldNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelField.of("_morango_dirty_bit", FieldType.BOOLEAN));
        assertThrows(IllegalArgumentException.class, () -> ModelField.of("Name", FieldType.STRING));
        assertThrows(IllegalArgumentException.class, () -> new ModelField("count_id", FieldType.INTEGER, false, "x"));
    }

    @Test
    void morangoColumnsMayFollowInheritedFields() {
        SyncableModel user = SyncableModel.builder("p", "user")
                .field("password", FieldType.STRING)
                .morangoColumnsHere()
                .field("username", FieldType.STRING)
                .build();
        assertEquals(1, user.morangoColumnsAt());
        assertEquals(0, SyncableModel.builder("p", "plain").field("a", FieldType.STRING).build().morangoColumnsAt());
    }

    @Test
    void aKeyToAnotherModelOfTheSameTableCanBeTheSelfReference() {
        SyncableModel classroom = SyncableModel.builder("p", "classroom")
                .field(ModelField.reference("parent_id", "facility").optional())
                .selfReference("parent_id")
                .build();
        assertEquals("parent_id", classroom.selfReference().orElseThrow().name());
        assertThrows(IllegalArgumentException.class, () -> SyncableModel.builder("p", "c")
                .field("name", FieldType.STRING).selfReference("name").build());
        assertThrows(IllegalArgumentException.class, () -> SyncableModel.builder("p", "c").selfReference("x").build());
    }

    @Test
    void aNullFieldCanSelectAnotherPartition() {
        SyncableModel log = SyncableModel.builder("p", "log")
                .field("dataset_id", FieldType.STRING)
                .field(ModelField.reference("user_id", "user").optional())
                .partition("${dataset_id}:user-rw:${user_id}")
                .partitionWhenNull("user_id", "${dataset_id}:anonymous")
                .build();
        assertEquals("${dataset_id}:anonymous", log.partitionTemplate(java.util.Map.of("dataset_id", "d")::get));
        assertEquals("${dataset_id}:user-rw:${user_id}", log.partitionTemplate(java.util.Map.of("user_id", "u")::get));
        // the field must be able to be null, and the other template's placeholders must be fields
        assertThrows(IllegalArgumentException.class, () -> SyncableModel.builder("p", "log")
                .field("user_id", FieldType.STRING).partitionWhenNull("user_id", "x").build());
        assertThrows(IllegalArgumentException.class, () -> SyncableModel.builder("p", "log")
                .field(ModelField.of("user_id", FieldType.STRING).optional())
                .partitionWhenNull("user_id", "${nope}").build());
    }

    @Test
    void aDefaultMustFitItsFieldsType() {
        assertEquals(3L, ModelField.of("version", FieldType.INTEGER).withDefault(3).defaultValue());
        assertEquals(0.0, ModelField.of("spent", FieldType.REAL).withDefault(0).defaultValue());
        assertEquals("{}", ModelField.of("extra", FieldType.STRING).withDefault("{}").optional().defaultValue());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ModelField.of("active", FieldType.BOOLEAN).withDefault("no"));
        assertTrue(bad.getMessage().contains("active"), bad.getMessage());
        assertTrue(!ModelField.of("plain", FieldType.STRING).hasDefault());
    }
}
