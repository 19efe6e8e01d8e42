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
}
