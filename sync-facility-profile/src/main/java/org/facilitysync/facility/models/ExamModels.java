package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.COLLECTIONS;
import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.collection;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.datetime;
import static org.facilitysync.facility.models.KolibriFields.jsonText;

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
                .field("title", FieldType.STRING)
                .field("question_count", FieldType.INTEGER)
                .field(jsonText("question_sources"))
                .field("seed", FieldType.INTEGER)
                .field("learners_see_fixed_order", FieldType.BOOLEAN)
                .field(collection("collection_id"))
                .field(ModelField.reference("creator_id", FACILITY_USER).optional())
                .field("data_model_version", FieldType.INTEGER)
                .field("active", FieldType.BOOLEAN)
                .field(datetime("date_created"))
                .field(datetime("date_activated").optional())
                .field("archive", FieldType.BOOLEAN)
                .field(datetime("date_archived").optional())
                .field(dataset())
                .partition(KolibriPartitions.DATASET)
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /** An exam assigned to a collection: one per (exam, collection). */
    static SyncableModel examAssignment() {
        return model(EXAM_ASSIGNMENT)
                .field(ModelField.reference("exam_id", EXAM))
                .field(collection("collection_id"))
                .field(ModelField.reference("assigned_by_id", FACILITY_USER).optional())
                .field(dataset())
                .partition(KolibriPartitions.DATASET)
                .sourceId(SourceIdRule.fromFields("exam_id", "collection_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /**
     * A copy of an exam for one assigned learner, for single-user devices: one per (user, exam).
     * {@code exam_id} is a plain UUID in Kolibri, not a foreign key (the exam itself does not travel).
     */
    static SyncableModel individualSyncableExam() {
        return model(INDIVIDUAL_SYNCABLE_EXAM)
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .field("exam_id", FieldType.STRING)
                .field(jsonText("serialized_exam"))
                .field(dataset())
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("exam_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }
}
