package org.facilitysync.facility.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model's identity as Kolibri computes it, written out by hand from Kolibri's
 * {@code calculate_partition}, {@code calculate_source_id} and foreign keys: a change to a model
 * that would change record ids on the wire fails here.
 */
class KolibriModelTableTest {

    private static final String C = "facility|classroom|learnergroup|adhoclearnersgroup";

    /** model, partition template, source-id fields ("" = random; "=" = id is the source id), FKs, extra dependencies. */
    static Stream<Arguments> kolibri() {
        return Stream.of(
                row("facilitydataset", "${id}:allusers-ro", "=", "", ""),
                row("facility", "${dataset_id}:allusers-ro", "", "parent_id>facility dataset_id>facilitydataset", ""),
                row("classroom", "${dataset_id}:allusers-ro", "", "parent_id>facility dataset_id>facilitydataset", "facility"),
                row("learnergroup", "${dataset_id}:allusers-ro", "", "parent_id>classroom dataset_id>facilitydataset", "classroom"),
                row("adhoclearnersgroup", "${dataset_id}:allusers-ro", "", "parent_id>classroom dataset_id>facilitydataset", "classroom"),
                row("facilityuser", "${dataset_id}:user-ro:${id}", "", "facility_id>facility dataset_id>facilitydataset", ""),
                row("membership", "${dataset_id}:user-ro:${user_id}", "collection_id", "user_id>facilityuser dataset_id>facilitydataset", C),
                row("role", "${dataset_id}:user-ro:${user_id}", "collection_id kind", "user_id>facilityuser dataset_id>facilitydataset", C),
                row("lesson", "${dataset_id}", "", "created_by_id>facilityuser dataset_id>facilitydataset", C),
                row("lessonassignment", "${dataset_id}", "lesson_id collection_id", "lesson_id>lesson assigned_by_id>facilityuser dataset_id>facilitydataset", C),
                row("individualsyncablelesson", "${dataset_id}:user-ro:${user_id}", "lesson_id", "user_id>facilityuser dataset_id>facilitydataset", C),
                row("exam", "${dataset_id}", "", "creator_id>facilityuser dataset_id>facilitydataset", C),
                row("examassignment", "${dataset_id}", "exam_id collection_id", "exam_id>exam assigned_by_id>facilityuser dataset_id>facilitydataset", C),
                row("individualsyncableexam", "${dataset_id}:user-ro:${user_id}", "exam_id", "user_id>facilityuser dataset_id>facilitydataset", C),
                row("contentsessionlog", "${dataset_id}:user-rw:${user_id}", "", "user_id>facilityuser dataset_id>facilitydataset", ""),
                row("contentsummarylog", "${dataset_id}:user-rw:${user_id}", "content_id", "user_id>facilityuser dataset_id>facilitydataset", ""),
                row("usersessionlog", "${dataset_id}:user-rw:${user_id}", "", "user_id>facilityuser dataset_id>facilitydataset", ""),
                row("masterylog", "${dataset_id}:user-rw:${user_id}", "summarylog_id mastery_level", "user_id>facilityuser summarylog_id>contentsummarylog dataset_id>facilitydataset", ""),
                row("attemptlog", "${dataset_id}:user-rw:${user_id}", "", "user_id>facilityuser masterylog_id>masterylog sessionlog_id>contentsessionlog dataset_id>facilitydataset", ""),
                row("examlog", "${dataset_id}", "exam_id user_id", "exam_id>exam user_id>facilityuser dataset_id>facilitydataset", ""),
                row("examattemptlog", "${dataset_id}", "", "user_id>facilityuser examlog_id>examlog dataset_id>facilitydataset", ""),
                row("bookmark", "${dataset_id}:user-rw:${user_id}", "", "user_id>facilityuser dataset_id>facilitydataset", ""),
                row("learnerdevicestatus", "${dataset_id}:user-rw:${user_id}", "instance_id user_id", "user_id>facilityuser dataset_id>facilitydataset", ""));
    }

    private static Arguments row(String model, String partition, String sourceId, String fks, String deps) {
        return Arguments.of(model, partition, sourceId, fks, deps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kolibri")
    void modelIsDeclaredAsKolibriComputesIt(String name, String partition, String sourceId, String fks, String deps) {
        SyncableModel model = FacilityDataModels.get(name);

        assertEquals("facilitydata", model.profile());
        assertEquals(partition, model.partitionTemplate(), "partition template of " + name);
        assertEquals(sourceId.equals("="), model.idIsSourceId(), "id is source id, " + name);
        List<String> expectedSourceFields = sourceId.isEmpty() || sourceId.equals("=") ? List.of() : List.of(sourceId.split(" "));
        assertEquals(expectedSourceFields, model.sourceId().fields(), "source-id rule of " + name);
        assertEquals(new TreeMap<>(parse(fks)), new TreeMap<>(foreignKeys(model)), "foreign keys of " + name);
        assertEquals(deps.isEmpty() ? List.of() : List.of(deps.split("\\|")), model.dependencies(),
                "dependencies of " + name);
    }

    @Test
    void theProfileDeclaresExactlyTheTabledModels() {
        List<String> tabled = kolibri().map(a -> (String) a.get()[0]).sorted().toList();
        List<String> declared = FacilityDataModels.all().stream().map(SyncableModel::name).sorted().toList();
        assertEquals(tabled, declared);
    }

    private static Map<String, String> parse(String fks) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String fk : fks.isEmpty() ? new String[0] : fks.split(" ")) {
            String[] parts = fk.split(">");
            map.put(parts[0], parts[1]);
        }
        return map;
    }

    private static Map<String, String> foreignKeys(SyncableModel model) {
        return model.fields().stream().filter(ModelField::isReference)
                .collect(Collectors.toMap(ModelField::name, ModelField::references));
    }
}
