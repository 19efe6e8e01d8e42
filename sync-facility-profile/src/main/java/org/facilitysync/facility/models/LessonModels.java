package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.COLLECTIONS;
import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.bool;
import static org.facilitysync.facility.models.KolibriFields.collection;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.jsonText;
import static org.facilitysync.facility.models.KolibriFields.text;
import static org.facilitysync.facility.models.KolibriFields.uuid;
import static org.facilitysync.facility.models.KolibriFields.timestampTz;

import java.util.List;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SourceIdRule;
import org.facilitysync.api.model.SyncableModel;

/**
 * The models of {@code kolibri/core/lessons/models.py}, laid out like the exams: facility-wide lessons
 * and assignments, and a per-learner copy for single-user devices.
 */
public final class LessonModels {

    public static final String LESSON = "lesson";
    public static final String LESSON_ASSIGNMENT = "lessonassignment";
    public static final String INDIVIDUAL_SYNCABLE_LESSON = "individualsyncablelesson";

    private LessonModels() {
    }

    /** The lesson models in dependency order. */
    public static List<SyncableModel> all() {
        return List.of(lesson(), lessonAssignment(), individualSyncableLesson());
    }

    /** A list of resources a coach put together for a collection. */
    static SyncableModel lesson() {
        return model(LESSON)
                .field(dataset())
                .field(text("title"))
                .field(text("description"))
                .field(jsonText("resources", "[]"))
                .field(bool("is_active", false))
                .field(collection("collection_id"))
                .field(ModelField.reference("created_by_id", FACILITY_USER).optional())
                .field(timestampTz("date_created"))
                .partition(KolibriPartitions.DATASET)
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /** A lesson assigned to a collection: one per (lesson, collection). */
    static SyncableModel lessonAssignment() {
        return model(LESSON_ASSIGNMENT)
                .field(dataset())
                .field(ModelField.reference("lesson_id", LESSON))
                .field(collection("collection_id"))
                .field(ModelField.reference("assigned_by_id", FACILITY_USER).optional())
                .partition(KolibriPartitions.DATASET)
                .sourceId(SourceIdRule.fromFields("lesson_id", "collection_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /**
     * A copy of a lesson for one assigned learner: one per (user, lesson); {@code lesson_id} is a Django UUID, not a
     * key, held with dashes like an individual syncable exam's {@code exam_id} (source id: the 32 hex digits).
     */
    static SyncableModel individualSyncableLesson() {
        return model(INDIVIDUAL_SYNCABLE_LESSON)
                .field(dataset())
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .field(uuid("lesson_id"))
                .field(jsonText("serialized_lesson"))
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("lesson_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }
}
