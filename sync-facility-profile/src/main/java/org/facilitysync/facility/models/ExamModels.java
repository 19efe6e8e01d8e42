package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.COLLECTIONS;
import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.bool;
import static org.facilitysync.facility.models.KolibriFields.collection;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.datetime;
import static org.facilitysync.facility.models.KolibriFields.jsonText;
import static org.facilitysync.facility.models.KolibriFields.text;
import static org.facilitysync.facility.models.KolibriFields.uuid;

import java.util.List;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SourceIdRule;
import org.facilitysync.api.model.SyncableModel;

/**
 * The models of {@code kolibri/core/exams/models.py}. Exams and their assignments are facility-wide
 * ({@code ${dataset_id}}), so a single-user device never receives them; it gets an
 * {@code individualsyncableexam} per assigned exam in the learner's {@code user-ro} partition instead.
 */
public final class ExamModels {

    public static final String EXAM = "exam";
    public static final String EXAM_ASSIGNMENT = "examassignment";
    public static final String INDIVIDUAL_SYNCABLE_EXAM = "individualsyncableexam";

    private ExamModels() {
    }

    /** The exam models in dependency order. */
    public static List<SyncableModel> all() {
        return List.of(exam(), examAssignment(), individualSyncableExam());
    }

    /** A quiz a coach made for a collection. Its dates are plain Django datetimes, not Kolibri's tz text. */
    static SyncableModel exam() {
        return model(EXAM)
                .field(dataset())
                .field(text("title"))
                .field("question_count", FieldType.INTEGER)
                .field(jsonText("question_sources", "[]"))
                .field(ModelField.of("seed", FieldType.INTEGER).withDefault(1L))
                .field(bool("learners_see_fixed_order", false))
                .field(collection("collection_id"))
                .field(ModelField.reference("creator_id", FACILITY_USER).optional())
                .field(ModelField.of("data_model_version", FieldType.INTEGER).withDefault(3L))
                .field(bool("active", false))
                .field(datetime("date_created"))
                .field(datetime("date_activated").optional())
                .field(bool("archive", false))
                .field(datetime("date_archived").optional())
                .partition(KolibriPartitions.DATASET)
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /** An exam assigned to a collection: one per (exam, collection). */
    static SyncableModel examAssignment() {
        return model(EXAM_ASSIGNMENT)
                .field(dataset())
                .field(ModelField.reference("exam_id", EXAM))
                .field(collection("collection_id"))
                .field(ModelField.reference("assigned_by_id", FACILITY_USER).optional())
                .partition(KolibriPartitions.DATASET)
                .sourceId(SourceIdRule.fromFields("exam_id", "collection_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /**
     * A copy of an exam for one assigned learner, for single-user devices: one per (user, exam).
     * {@code exam_id} is a plain Django {@code UUIDField} in Kolibri, not a foreign key (the exam itself does
     * not travel): Kolibri's Store holds it with dashes ({@code 7fe8b563-4c72-aed0-9cf4-5e83be00235f}), while the
     * source id is the exam's id in 32 hex digits. A writer that wants Kolibri's record id gives that source id
     * explicitly ({@code _morango_source_id}) and the dashed form as the value.
     */
    static SyncableModel individualSyncableExam() {
        return model(INDIVIDUAL_SYNCABLE_EXAM)
                .field(dataset())
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .field(uuid("exam_id"))
                .field(jsonText("serialized_exam"))
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("exam_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }
}
