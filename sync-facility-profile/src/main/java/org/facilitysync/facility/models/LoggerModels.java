package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.jsonText;
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
 * in {@code ${dataset_id}:anonymous}. The SPI has one template per model, so here every content and
 * session log has a user (anonymous logs, written by guests, are not supported). Exam logs and exam
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

    /** One visit to a content item. */
    static SyncableModel contentSessionLog() {
        return model(CONTENT_SESSION_LOG)
                .field(user())
                .field("content_id", FieldType.STRING)
                .field(ModelField.of("visitor_id", FieldType.STRING).optional())
                .field(ModelField.of("channel_id", FieldType.STRING).optional())
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp").optional())
                .field("time_spent", FieldType.REAL)
                .field("progress", FieldType.REAL)
                .field("kind", FieldType.STRING)
                .field(jsonText("extra_fields"))
                .field(dataset())
                .partition(KolibriPartitions.USER_RW)
                .build();
    }

    /** All of a user's visits to one content item: one per (user, content), so its source id is the content id. */
    static SyncableModel contentSummaryLog() {
        return model(CONTENT_SUMMARY_LOG)
                .field(user())
                .field("content_id", FieldType.STRING)
                .field(ModelField.of("channel_id", FieldType.STRING).optional())
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp").optional())
                .field(timestampTz("completion_timestamp").optional())
                .field("time_spent", FieldType.REAL)
                .field("progress", FieldType.REAL)
                .field("kind", FieldType.STRING)
                .field(jsonText("extra_fields"))
                .field(dataset())
                .partition(KolibriPartitions.USER_RW)
                .sourceId(SourceIdRule.fromFields("content_id"))
                .build();
    }

    /** One session of a user in Kolibri. */
    static SyncableModel userSessionLog() {
        return model(USER_SESSION_LOG)
                .field(user())
                .field("channels", FieldType.STRING)
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("last_interaction_timestamp").optional())
                .field("pages", FieldType.STRING)
                .field(ModelField.of("device_info", FieldType.STRING).optional())
                .field(dataset())
                .partition(KolibriPartitions.USER_RW)
                .build();
    }

    /**
     * One try at mastering an exercise: one per (summary log, mastery level), so its source id is
     * {@code summarylog_id:mastery_level} (Kolibri uses a random negative level for each quiz attempt).
     */
    static SyncableModel masteryLog() {
        return model(MASTERY_LOG)
                .field(user())
                .field(ModelField.reference("summarylog_id", CONTENT_SUMMARY_LOG))
                .field(jsonText("mastery_criterion"))
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp").optional())
                .field(timestampTz("completion_timestamp").optional())
                .field("mastery_level", FieldType.INTEGER)
                .field("complete", FieldType.BOOLEAN)
                .field(ModelField.of("time_spent", FieldType.REAL).optional())
                .field(dataset())
                .partition(KolibriPartitions.USER_RW)
                .sourceId(SourceIdRule.fromFields("summarylog_id", "mastery_level"))
                .build();
    }

    /** One answer to one question of an exercise, in a session and (usually) a mastery log. */
    static SyncableModel attemptLog() {
        return baseAttemptLog(model(ATTEMPT_LOG), false)
                .field(ModelField.reference("masterylog_id", MASTERY_LOG).optional())
                .field(ModelField.reference("sessionlog_id", CONTENT_SESSION_LOG))
                .partition(KolibriPartitions.USER_RW)
                .build();
    }

    /** A user's engagement with an exam: one per (exam, user). */
    static SyncableModel examLog() {
        return model(EXAM_LOG)
                .field(ModelField.reference("exam_id", ExamModels.EXAM))
                .field(user())
                .field("closed", FieldType.BOOLEAN)
                .field(timestampTz("completion_timestamp").optional())
                .field(dataset())
                .partition(KolibriPartitions.DATASET)
                .sourceId(SourceIdRule.fromFields("exam_id", "user_id"))
                .build();
    }

    /** One answer to one exam question. Kolibri lets its user be null; its partition does not need one. */
    static SyncableModel examAttemptLog() {
        return baseAttemptLog(model(EXAM_ATTEMPT_LOG), true)
                .field(ModelField.reference("examlog_id", EXAM_LOG))
                .field("content_id", FieldType.STRING)
                .partition(KolibriPartitions.DATASET)
                .build();
    }

    /** Kolibri's {@code BaseAttemptLog} fields, then the dataset. */
    private static SyncableModel.Builder baseAttemptLog(SyncableModel.Builder builder, boolean userOptional) {
        return builder
                .field("item", FieldType.STRING)
                .field(timestampTz("start_timestamp"))
                .field(timestampTz("end_timestamp"))
                .field(timestampTz("completion_timestamp").optional())
                .field("time_spent", FieldType.REAL)
                .field("complete", FieldType.BOOLEAN)
                .field("correct", FieldType.REAL)
                .field("hinted", FieldType.BOOLEAN)
                .field(jsonText("answer").optional())
                .field("simple_answer", FieldType.STRING)
                .field(jsonText("interaction_history"))
                .field(userOptional ? user().optional() : user())
                .field("error", FieldType.BOOLEAN)
                .field(dataset());
    }

    private static ModelField user() {
        return ModelField.reference("user_id", FACILITY_USER);
    }
}
