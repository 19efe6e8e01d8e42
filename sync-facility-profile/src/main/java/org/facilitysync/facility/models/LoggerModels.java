package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.bool;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.jsonText;
import static org.facilitysync.facility.models.KolibriFields.text;
import static org.facilitysync.facility.models.KolibriFields.uuid;
import static org.facilitysync.facility.models.KolibriFields.timestampTz;

import java.util.List;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SourceIdRule;
import org.facilitysync.api.model.SyncableModel;

/**
 * The models of {@code kolibri/core/logger/models.py}: what learners did with content and exams.
 *
 * <p>Kolibri puts a log with a user in {@code ${dataset_id}:user-rw:${user_id}} and a log without one
 * (a guest's content session and attempt logs) in {@code ${dataset_id}:anonymous}. Exam logs and exam
 * attempt logs are in {@code ${dataset_id}} whatever their user, as in Kolibri.
 */
public final class LoggerModels {

    public static final String CONTENT_SESSION_LOG = "contentsessionlog";
    public static final String CONTENT_SUMMARY_LOG = "contentsummarylog";
    public static final String USER_SESSION_LOG = "usersessionlog";
    public static final String MASTERY_LOG = "masterylog";
    public static final String ATTEMPT_LOG = "attemptlog";
    public static final String EXAM_LOG = "examlog";
    public static final String EXAM_ATTEMPT_LOG = "examattemptlog";

    private LoggerModels() {
    }

    /** The logger models in dependency order. */
    public static List<SyncableModel> all() {
        return List.of(contentSessionLog(), contentSummaryLog(), userSessionLog(), masteryLog(), attemptLog(),
                examLog(), examAttemptLog());
    }

    /** One visit to a content item; a guest's (no user) is in the dataset's anonymous partition. */
    static SyncableModel contentSessionLog() {
        return model(CONTENT_SESSION_LOG)
                .field(dataset())
                .field(user().optional())
                .field(uuid("content_id"))
                .field(uuid("visitor_id").optional())
                .field(uuid("channel_id").optional())
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp").optional())
                .field(real("time_spent"))
                .field(real("progress"))
                .field(text("kind"))
                .field(jsonText("extra_fields", "{}"))
                .partition(KolibriPartitions.USER_RW)
                .partitionWhenNull("user_id", KolibriPartitions.ANONYMOUS)
                .build();
    }

    /** All of a user's visits to one content item: one per (user, content), so its source id is the content id. */
    static SyncableModel contentSummaryLog() {
        return model(CONTENT_SUMMARY_LOG)
                .field(dataset())
                .field(user())
                .field(uuid("content_id"))
                .field(uuid("channel_id").optional())
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp").optional())
                .field(timestampTz("completion_timestamp").optional())
                .field(real("time_spent"))
                .field(real("progress"))
                .field(text("kind"))
                .field(jsonText("extra_fields", "{}"))
                .partition(KolibriPartitions.USER_RW)
                .sourceId(SourceIdRule.fromFields("content_id"))
                .build();
    }

    /** One session of a user in Kolibri. */
    static SyncableModel userSessionLog() {
        return model(USER_SESSION_LOG)
                .field(dataset())
                .field(user())
                .field(text("channels"))
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("last_interaction_timestamp").optional())
                .field(text("pages"))
                .field(ModelField.of("device_info", FieldType.STRING).optional())
                .partition(KolibriPartitions.USER_RW)
                .build();
    }

    /**
     * One try at mastering an exercise: one per (summary log, mastery level), so its source id is
     * {@code summarylog_id:mastery_level} (Kolibri uses a random negative level for each quiz attempt).
     */
    static SyncableModel masteryLog() {
        return model(MASTERY_LOG)
                .field(dataset())
                .field(user())
                .field(ModelField.reference("summarylog_id", CONTENT_SUMMARY_LOG))
                .field(jsonText("mastery_criterion", "{}"))
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp").optional())
                .field(timestampTz("completion_timestamp").optional())
                .field("mastery_level", FieldType.INTEGER)
                .field(bool("complete", false))
                .field(real("time_spent").optional())
                .partition(KolibriPartitions.USER_RW)
                .sourceId(SourceIdRule.fromFields("summarylog_id", "mastery_level"))
                .build();
    }

    /** One answer to one question of an exercise, in a session and (usually) a mastery log; a guest's is anonymous. */
    static SyncableModel attemptLog() {
        return baseAttemptLog(model(ATTEMPT_LOG))
                .field(ModelField.reference("masterylog_id", MASTERY_LOG).optional())
                .field(ModelField.reference("sessionlog_id", CONTENT_SESSION_LOG))
                .partition(KolibriPartitions.USER_RW)
                .partitionWhenNull("user_id", KolibriPartitions.ANONYMOUS)
                .build();
    }

    /** A user's engagement with an exam: one per (exam, user). */
    static SyncableModel examLog() {
        return model(EXAM_LOG)
                .field(dataset())
                .field(ModelField.reference("exam_id", ExamModels.EXAM))
                .field(user())
                .field(bool("closed", false))
                .field(timestampTz("completion_timestamp").optional())
                .partition(KolibriPartitions.DATASET)
                .sourceId(SourceIdRule.fromFields("exam_id", "user_id"))
                .build();
    }

    /** One answer to one exam question. Kolibri lets its user be null; its partition does not need one. */
    static SyncableModel examAttemptLog() {
        return baseAttemptLog(model(EXAM_ATTEMPT_LOG))
                .field(ModelField.reference("examlog_id", EXAM_LOG))
                .field(uuid("content_id"))
                .partition(KolibriPartitions.DATASET)
                .build();
    }

    /** The dataset, then Kolibri's {@code BaseAttemptLog} fields. */
    private static SyncableModel.Builder baseAttemptLog(SyncableModel.Builder builder) {
        return builder
                .field(dataset())
                .field(text("item"))
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp"))
                .field(timestampTz("completion_timestamp").optional())
                .field(real("time_spent"))
                .field(bool("complete", false))
                .field("correct", FieldType.REAL)
                .field(bool("hinted", false))
                .field(jsonText("answer", "{}").optional())
                .field(text("simple_answer"))
                .field(jsonText("interaction_history", "[]"))
                .field(user().optional())
                .field(bool("error", false));
    }

    /** A Django {@code FloatField} defaulting to 0 (times spent, progress). */
    private static ModelField real(String name) {
        return ModelField.of(name, FieldType.REAL).withDefault(0.0);
    }

    private static ModelField user() {
        return ModelField.reference("user_id", FACILITY_USER);
    }
}
