package org.facilitysync.facility.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.ExamModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.facilitysync.facility.models.LessonModels;

/**
 * Kolibri's {@code update_individual_syncable_exams_from_assignments} and its lesson twin: for one learner,
 * one individual syncable record per active quiz (lesson) assigned to a collection the learner is a member
 * of, in the learner's {@code user-ro} partition, so that a learner-only device, which never receives the
 * facility-wide quizzes and lessons, gets its own. Records are created, brought up to date, and deleted
 * when the assignment is gone, all in one transaction.
 *
 * @param assignment the assignment model
 * @param resource the assigned model ({@code exam}, {@code lesson})
 * @param individual the per-learner model
 * @param resourceKey the field naming the assigned record in both ({@code exam_id})
 * @param active the resource's field that says it is active
 * @param serialized the per-learner model's field holding the resource's serialized text
 * @param omitted what Kolibri's {@code serialize_exam} / {@code serialize_lesson} leave out of that text
 */
record IndividualAssignments(String assignment, String resource, String individual, String resourceKey,
        String active, String serialized, Set<String> omitted) {

    static final IndividualAssignments EXAMS = new IndividualAssignments(ExamModels.EXAM_ASSIGNMENT, ExamModels.EXAM,
            ExamModels.INDIVIDUAL_SYNCABLE_EXAM, "exam_id", "active", "serialized_exam",
            Set.of("active", "creator_id", "date_created", "date_activated", "collection_id"));

    static final IndividualAssignments LESSONS = new IndividualAssignments(LessonModels.LESSON_ASSIGNMENT,
            LessonModels.LESSON, LessonModels.INDIVIDUAL_SYNCABLE_LESSON, "lesson_id", "is_active", "serialized_lesson",
            Set.of("is_active", "created_by_id", "date_created"));

    /** Kolibri's canonical assignment: to a classroom before a learner group before an ad hoc group. */
    private static final List<String> PREFERENCE = List.of(AuthModels.CLASSROOM, AuthModels.LEARNER_GROUP,
            AuthModels.AD_HOC_GROUP);
    private static final String PROFILE = FacilityDataModels.PROFILE;

    /** Brings the learner's individual records of this kind up to date. */
    void update(SyncRecords records, SyncRecord learner) {
        Set<String> collections = new HashSet<>();
        records.forEach(PROFILE, AuthModels.MEMBERSHIP, m -> {
            if (learner.id().equals(m.get("user_id"))) {
                collections.add(String.valueOf(m.get("collection_id")));
            }
        });
        Map<String, String> canonical = canonicalAssignments(records, collections);
        Map<String, SyncRecord> existing = new HashMap<>();
        records.forEach(PROFILE, individual, r -> {
            if (learner.id().equals(r.get("user_id"))) {
                existing.put(hex(String.valueOf(r.get(resourceKey))), r);
            }
        });
        for (Map.Entry<String, String> e : canonical.entrySet()) {
            String text = records.serialized(PROFILE, resource, e.getKey(), omitted).orElseThrow();
            SyncRecord copy = existing.remove(e.getKey());
            if (copy == null) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put(SyncRecords.SOURCE_ID, e.getKey());
                values.put("user_id", learner.id());
                values.put("collection_id", e.getValue());
                values.put(resourceKey, dashed(e.getKey()));
                values.put(serialized, text);
                values.put("dataset_id", learner.get("dataset_id"));
                records.create(PROFILE, individual, values);
            } else if (!text.equals(copy.get(serialized)) || !e.getValue().equals(copy.get("collection_id"))) {
                records.update(PROFILE, individual, copy.id(), Map.of(serialized, text, "collection_id", e.getValue()));
            }
        }
        existing.values().forEach(stale -> records.delete(PROFILE, individual, stale.id()));
    }

    /** Assigned resource id to the collection of its canonical assignment, active resources only. */
    private Map<String, String> canonicalAssignments(SyncRecords records, Set<String> collections) {
        Map<String, Integer> rank = new HashMap<>();
        for (String collection : collections) {
            for (int i = 0; i < PREFERENCE.size(); i++) {
                if (records.read(PROFILE, PREFERENCE.get(i), collection).isPresent()) {
                    rank.put(collection, i);
                    break;
                }
            }
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        records.forEach(PROFILE, assignment, a -> {
            String collection = String.valueOf(a.get("collection_id"));
            String id = String.valueOf(a.get(resourceKey));
            if (!collections.contains(collection)) {
                return;
            }
            String before = chosen.get(id);
            if (before == null || rank.getOrDefault(collection, PREFERENCE.size())
                    < rank.getOrDefault(before, PREFERENCE.size())) {
                chosen.put(id, collection);
            }
        });
        chosen.keySet().removeIf(id -> !records.read(PROFILE, resource, id)
                .map(r -> Boolean.TRUE.equals(r.get(active))).orElse(false));
        return chosen;
    }

    /** A Django {@code UUIDField} serializes with dashes; ids elsewhere are 32 hex digits. */
    static String dashed(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 32) {
            return hex;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    static String hex(String uuid) {
        return uuid.replace("-", "");
    }
}
