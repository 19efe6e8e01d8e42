package org.facilitysync.facility.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.Test;

class RandomEditsTest {

    private static final List<RecordRef> RECORDS = new FacilityDataGenerator(GeneratorSpec.ofRecords(50_000), 21)
            .records().map(GeneratedRecord::ref).toList();

    @Test
    void theSameSeedGivesTheSameEditsInAnyOrder() {
        List<RecordEdit> edits = new RandomEdits(3, 0.2, 0.1).over(RECORDS.stream()).toList();
        List<RecordRef> shuffled = new ArrayList<>(RECORDS);
        Collections.shuffle(shuffled, new java.util.Random(1));
        Set<RecordEdit> again = new HashSet<>(new RandomEdits(3, 0.2, 0.1).over(shuffled.stream()).toList());
        assertEquals(new HashSet<>(edits), again);
        assertFalse(edits.isEmpty());
    }

    @Test
    void anotherSeedGivesOtherEdits() {
        assertNotEquals(new RandomEdits(3, 0.2, 0.1).over(RECORDS.stream()).toList(),
                new RandomEdits(4, 0.2, 0.1).over(RECORDS.stream()).toList());
    }

    @Test
    void theSharesAreRespected() {
        long deletable = RECORDS.stream().filter(r -> RandomEdits.isDeletable(r.model())).count();
        long editable = RECORDS.stream().filter(r -> !RandomEdits.editableFields(r.model()).isEmpty()).count();
        List<RecordEdit> edits = new RandomEdits(8, 0.2, 0.1).over(RECORDS.stream()).toList();
        long deletes = edits.stream().filter(e -> e instanceof RecordEdit.Delete).count();
        long updates = edits.size() - deletes;
        assertEquals(0.1, (double) deletes / deletable, 0.01);
        // attempt logs may be deleted or updated: an update is drawn only for those not deleted
        assertEquals(0.2, (double) updates / editable, 0.02);
    }

    @Test
    void onlyRecordsNothingReferencesAreDeleted() {
        assertEquals(Set.of("membership", "role", "lessonassignment", "individualsyncablelesson", "examassignment",
                "individualsyncableexam", "usersessionlog", "attemptlog", "examattemptlog", "bookmark", "learnerdevicestatus"),
                new HashSet<>(FacilityDataModels.all().stream().map(SyncableModel::name)
                        .filter(RandomEdits::isDeletable).toList()));
        new RandomEdits(5, 0, 1).over(RECORDS.stream())
                .forEach(e -> assertTrue(RandomEdits.isDeletable(e.model()), e.toString()));
    }

    @Test
    void updatesChangeOnlyPlainFieldsWithValuesOfTheirType() {
        long updates = new RandomEdits(6, 1, 0).over(RECORDS.stream()).peek(edit -> {
            RecordEdit.Update update = (RecordEdit.Update) edit;
            SyncableModel model = FacilityDataModels.get(update.model());
            assertFalse(update.changes().isEmpty());
            for (Map.Entry<String, Object> change : update.changes().entrySet()) {
                ModelField field = model.field(change.getKey()).orElseThrow();
                assertFalse(field.isReference(), field.name());
                assertFalse(model.sourceId().fields().contains(field.name()), field.name() + " makes the source id");
                assertFalse(SyncableModel.placeholders(model.partitionTemplate()).contains(field.name()),
                        field.name() + " makes the partition");
                Class<?> expected = switch (field.type()) {
                    case STRING, JSON -> String.class;
                    case INTEGER -> Long.class;
                    case REAL -> Double.class;
                    case BOOLEAN -> Boolean.class;
                    case DATETIME -> Instant.class;
                };
                assertEquals(expected, change.getValue().getClass(), update.model() + "." + field.name());
            }
        }).count();
        assertTrue(updates > RECORDS.size() / 2, updates + " updates");
    }

    @Test
    void nothingHappensWithZeroShares() {
        assertEquals(0, new RandomEdits(1, 0, 0).over(RECORDS.stream()).count());
        assertEquals(Optional.empty(), new RandomEdits(1, 0, 0).editFor(RECORDS.get(0)));
    }

    @Test
    void sharesMustBeProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> new RandomEdits(1, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomEdits(1, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new RandomEdits(1, Double.NaN, 0));
    }
}
