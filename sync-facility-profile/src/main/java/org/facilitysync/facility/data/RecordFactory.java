package org.facilitysync.facility.data;

import static org.facilitysync.facility.data.KolibriValues.timestampTz;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.ExamModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.facilitysync.facility.models.LessonModels;
import org.facilitysync.facility.models.LoggerModels;

/**
 * Makes one record of each kind the generator emits, with plausible Kolibri values drawn from one
 * seeded random sequence: the same calls in the same order give the same records. Not thread-safe.
 */
final class RecordFactory {

    private static final String[] GIVEN_NAMES = {"Amina", "Bruno", "Chen", "Daniela", "Emeka", "Fatima", "Gabriel",
        "Hana", "Ibrahim", "Jia", "Kofi", "Lucia", "Mateo", "Nadia", "Omar", "Priya", "Rafael", "Sara", "Tendai", "Yusuf"};
    private static final String[] FAMILY_NAMES = {"Abebe", "Banda", "Costa", "Diallo", "Estrada", "Fofana", "Garcia",
        "Haddad", "Iyer", "Juma", "Kamau", "Lopez", "Mensah", "Nguyen", "Okafor", "Perez", "Rahman", "Silva"};
    private static final String[] RESOURCE_KINDS = {"video", "document", "audio", "html5"};
    private static final long ACTIVITY_DAYS = 120;

    private final long seed;
    private final SplittableRandom random;
    private final String datasetId;
    private final String channelId;
    private final Map<String, RecordIds> ids = new HashMap<>();

    RecordFactory(long seed, String datasetId) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.datasetId = datasetId;
        this.channelId = KolibriValues.derivedId(seed, KolibriValues.CHANNEL_SALT, 0);
    }

    GeneratedRecord dataset() {
        Map<String, Object> v = values(AuthModels.FACILITY_DATASET);
        v.put("description", "");
        v.put("location", "");
        // Kolibri's "formal" preset: learners sign in without passwords, which NOT_SPECIFIED users need.
        v.put("preset", "formal");
        v.put("learner_can_edit_username", false);
        v.put("learner_can_edit_name", false);
        v.put("learner_can_edit_password", false);
        v.put("learner_can_sign_up", false);
        v.put("learner_can_delete_account", false);
        v.put("learner_can_login_with_no_password", true);
        v.put("show_download_button_in_learn", false);
        v.put("extra_fields", "{\"facility\": {}, \"on_my_own_setup\": false, \"pin_code\": \"\"}");
        v.put("registered", false);
        return record(AuthModels.FACILITY_DATASET, v, datasetId);
    }

    GeneratedRecord collection(String kind, String name, String parentId) {
        Map<String, Object> v = values(kind);
        v.put("name", name);
        v.put("parent_id", parentId);
        v.put("kind", kind);
        v.put("dataset_id", datasetId);
        return record(kind, v, randomId());
    }

    GeneratedRecord user(String username, String facilityId) {
        return user(username, facilityId, KolibriValues.NOT_SPECIFIED);
    }

    /** @param passwordHash Django's encoded password, or {@code NOT_SPECIFIED} */
    GeneratedRecord user(String username, String facilityId, String passwordHash) {
        Map<String, Object> v = values(AuthModels.FACILITY_USER);
        v.put("password", passwordHash);
        v.put("username", username);
        v.put("full_name", pick(GIVEN_NAMES) + " " + pick(FAMILY_NAMES));
        v.put("date_joined", timestampTz(KolibriValues.EPOCH.minus(Duration.ofDays(1 + random.nextInt(30)))));
        v.put("facility_id", facilityId);
        v.put("gender", KolibriValues.NOT_SPECIFIED);
        v.put("birth_year", KolibriValues.NOT_SPECIFIED);
        v.put("id_number", "");
        // Kolibri's JSONField writes None as the JSON text "null"
        v.put("extra_demographics", "null");
        v.put("dataset_id", datasetId);
        return record(AuthModels.FACILITY_USER, v, randomId());
    }

    GeneratedRecord membership(String userId, String collectionId) {
        Map<String, Object> v = values(AuthModels.MEMBERSHIP);
        v.put("user_id", userId);
        v.put("collection_id", collectionId);
        v.put("dataset_id", datasetId);
        return record(AuthModels.MEMBERSHIP, v, null);
    }

    GeneratedRecord role(String userId, String collectionId, String kind) {
        Map<String, Object> v = values(AuthModels.ROLE);
        v.put("user_id", userId);
        v.put("collection_id", collectionId);
        v.put("kind", kind);
        v.put("dataset_id", datasetId);
        return record(AuthModels.ROLE, v, null);
    }

    GeneratedRecord lesson(String title, String collectionId, String creatorId, long items) {
        Map<String, Object> v = values(LessonModels.LESSON);
        v.put("title", title);
        v.put("description", "");
        StringBuilder resources = new StringBuilder("[");
        for (long i = 0; i < Math.min(items, 5); i++) {
            String content = contentId(i);
            resources.append(i == 0 ? "" : ", ").append("{\"contentnode_id\": \"").append(content)
                    .append("\", \"content_id\": \"").append(content).append("\", \"channel_id\": \"")
                    .append(channelId).append("\"}");
        }
        v.put("resources", resources.append(']').toString());
        v.put("is_active", true);
        v.put("collection_id", collectionId);
        v.put("created_by_id", creatorId);
        v.put("date_created", timestampTz(KolibriValues.EPOCH));
        v.put("dataset_id", datasetId);
        return record(LessonModels.LESSON, v, randomId());
    }

    GeneratedRecord lessonAssignment(String lessonId, String collectionId, String assignerId) {
        Map<String, Object> v = values(LessonModels.LESSON_ASSIGNMENT);
        v.put("lesson_id", lessonId);
        v.put("collection_id", collectionId);
        v.put("assigned_by_id", assignerId);
        v.put("dataset_id", datasetId);
        return record(LessonModels.LESSON_ASSIGNMENT, v, null);
    }

    GeneratedRecord exam(String title, String collectionId, String creatorId) {
        Map<String, Object> v = values(ExamModels.EXAM);
        v.put("title", title);
        v.put("question_count", 5L);
        v.put("question_sources", "[{\"section_title\": \"\", \"description\": \"\", \"question_count\": 5, "
                + "\"learners_see_fixed_order\": false, \"questions\": []}]");
        v.put("seed", (long) random.nextInt(1, 1000));
        v.put("learners_see_fixed_order", false);
        v.put("collection_id", collectionId);
        v.put("creator_id", creatorId);
        v.put("data_model_version", 3L);
        v.put("active", true);
        v.put("date_created", KolibriValues.EPOCH);
        v.put("date_activated", KolibriValues.EPOCH.plus(Duration.ofHours(1)));
        v.put("archive", false);
        v.put("dataset_id", datasetId);
        return record(ExamModels.EXAM, v, randomId());
    }

    GeneratedRecord examAssignment(String examId, String collectionId, String assignerId) {
        Map<String, Object> v = values(ExamModels.EXAM_ASSIGNMENT);
        v.put("exam_id", examId);
        v.put("collection_id", collectionId);
        v.put("assigned_by_id", assignerId);
        v.put("dataset_id", datasetId);
        return record(ExamModels.EXAM_ASSIGNMENT, v, null);
    }

    /** When a learner first opened a content item: a school-day hour within the activity period. */
    Instant activityStart() {
        return KolibriValues.EPOCH.plus(Duration.ofDays(random.nextLong(ACTIVITY_DAYS)))
                .plusMillis(random.nextLong(8 * 3_600_000L));
    }

    String resourceKind() {
        return pick(RESOURCE_KINDS);
    }

    /** The content id of a learner's {@code index}-th item: the same catalogue for every learner. */
    String contentId(long index) {
        return KolibriValues.derivedId(seed, KolibriValues.CONTENT_SALT, index);
    }

    GeneratedRecord summaryLog(String userId, String contentId, String kind, Instant start, double progress) {
        Map<String, Object> v = values(LoggerModels.CONTENT_SUMMARY_LOG);
        double timeSpent = seconds(60, 1800);
        v.put("user_id", userId);
        v.put("content_id", contentId);
        v.put("channel_id", channelId);
        v.put("start_timestamp", timestampTz(start));
        v.put("end_timestamp", timestampTz(start.plusMillis((long) (timeSpent * 1000))));
        v.put("completion_timestamp", progress >= 1.0 ? timestampTz(start.plusMillis((long) (timeSpent * 1000))) : null);
        v.put("time_spent", timeSpent);
        v.put("progress", progress);
        v.put("kind", kind);
        v.put("extra_fields", "{}");
        v.put("dataset_id", datasetId);
        return record(LoggerModels.CONTENT_SUMMARY_LOG, v, null);
    }

    GeneratedRecord sessionLog(String userId, String contentId, String kind, Instant start) {
        Map<String, Object> v = values(LoggerModels.CONTENT_SESSION_LOG);
        double timeSpent = seconds(30, 900);
        v.put("user_id", userId);
        v.put("content_id", contentId);
        v.put("channel_id", channelId);
        v.put("start_timestamp", timestampTz(start));
        v.put("end_timestamp", timestampTz(start.plusMillis((long) (timeSpent * 1000))));
        v.put("time_spent", timeSpent);
        v.put("progress", Math.round(random.nextDouble() * 1000) / 1000.0);
        v.put("kind", kind);
        v.put("extra_fields", "{}");
        v.put("dataset_id", datasetId);
        return record(LoggerModels.CONTENT_SESSION_LOG, v, randomId());
    }

    GeneratedRecord masteryLog(String userId, String summaryLogId, Instant start, boolean complete) {
        Map<String, Object> v = values(LoggerModels.MASTERY_LOG);
        double timeSpent = seconds(60, 1200);
        v.put("user_id", userId);
        v.put("summarylog_id", summaryLogId);
        v.put("mastery_criterion", "{\"type\": \"m_of_n\", \"m\": 3, \"n\": 5}");
        v.put("start_timestamp", timestampTz(start));
        v.put("end_timestamp", timestampTz(start.plusMillis((long) (timeSpent * 1000))));
        v.put("completion_timestamp", complete ? timestampTz(start.plusMillis((long) (timeSpent * 1000))) : null);
        v.put("mastery_level", 1L);
        v.put("complete", complete);
        v.put("time_spent", timeSpent);
        v.put("dataset_id", datasetId);
        return record(LoggerModels.MASTERY_LOG, v, null);
    }

    GeneratedRecord attemptLog(String userId, String masteryLogId, String sessionLogId, int question, Instant start) {
        Map<String, Object> v = values(LoggerModels.ATTEMPT_LOG);
        boolean correct = random.nextInt(4) != 0;
        double timeSpent = seconds(5, 120);
        String end = timestampTz(start.plusMillis((long) (timeSpent * 1000)));
        String questionId = KolibriValues.derivedId(seed, KolibriValues.QUESTION_SALT, question).substring(0, 8);
        v.put("item", "q" + question + ":" + questionId);
        v.put("start_timestamp", timestampTz(start));
        v.put("end_timestamp", end);
        v.put("completion_timestamp", end);
        v.put("time_spent", timeSpent);
        v.put("complete", true);
        v.put("correct", correct ? 1.0 : 0.0);
        v.put("hinted", random.nextInt(10) == 0);
        v.put("answer", "{\"question\": {}, \"answer\": {}}");
        v.put("simple_answer", correct ? "right" : "wrong");
        v.put("interaction_history", "[]");
        v.put("user_id", userId);
        v.put("error", false);
        v.put("masterylog_id", masteryLogId);
        v.put("sessionlog_id", sessionLogId);
        v.put("dataset_id", datasetId);
        return record(LoggerModels.ATTEMPT_LOG, v, randomId());
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private double seconds(int min, int max) {
        return random.nextInt(min * 10, max * 10) / 10.0;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String randomId() {
        return KolibriValues.randomId(random);
    }

    /** Every field of the model, null until set, in the model's order. */
    private static Map<String, Object> values(String model) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ModelField field : FacilityDataModels.get(model).fields()) {
            values.put(field.name(), null);
        }
        return values;
    }

    /**
     * The record with its id and partition.
     *
     * @param sourceId the explicit source id, or null when the model computes it from fields
     */
    private GeneratedRecord record(String model, Map<String, Object> values, String sourceId) {
        SyncableModel declared = FacilityDataModels.get(model);
        if (values.size() != declared.fields().size()) {
            // a put of a field the model does not have: a bug here, named before it reaches a database
            throw new IllegalStateException("generated " + model + " has fields " + values.keySet()
                    + ", the model declares " + declared.fields().stream().map(ModelField::name).toList());
        }
        RecordIds rule = ids.computeIfAbsent(model, name -> new RecordIds(declared));
        String[] idAndPartition = rule.idAndPartition(values, rule.sourceId(values, sourceId));
        if (sourceId != null) {
            values.put(SyncRecords.SOURCE_ID, sourceId);
        }
        return new GeneratedRecord(model, idAndPartition[0], idAndPartition[1], values);
    }
}
