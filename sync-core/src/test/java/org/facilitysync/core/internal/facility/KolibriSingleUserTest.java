package org.facilitysync.core.internal.facility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.facility.Authorization;
import org.facilitysync.api.facility.BasicCredentials;
import org.facilitysync.api.facility.PublicRequest;
import org.facilitysync.api.facility.PublicResponse;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityCertificateAuthorizer;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.internal.PublicFacilityUserResource;
import org.facilitysync.facility.internal.SingleUserAssignmentsOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A learner-only device as Kolibri serves it: a single-user pull from a hub brings the learner's assigned
 * quizzes and lessons as {@code individualsyncableexam} / {@code individualsyncablelesson} records, made by
 * the facility profile's stage operation while the hub serializes; and a learner without a password logs in
 * (signing request, {@code /api/public/facilityuser/}) by username alone only where the dataset allows it.
 */
class KolibriSingleUserTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withTimeout(Duration.ofMinutes(2));

    @Test
    void aSingleUserPullBringsTheLearnersAssignedQuizzesAndLessonsAsIndividualRecords() throws Exception {
        try (LocalNode hub = node("hub"); LocalNode device = node("device")) {
            hub.pipeline().registerEmbedded(-1_000, new SingleUserAssignmentsOperation(hub.records()), 100,
                    Set.of(SyncStage.SERIALIZING), "the facility profile");
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(600), 4);
            facility.records().forEach(record -> record.createIn(hub.records()));
            String dataset = facility.datasetId();
            SyncRecord learner = learnerWithAssignments(hub.records());
            Set<String> exams = assigned(hub.records(), learner, "examassignment", "exam");
            Set<String> lessons = assigned(hub.records(), learner, "lessonassignment", "lesson");
            assertFalse(exams.isEmpty() || lessons.isEmpty(), "the learner has quizzes and lessons assigned");

            SyncFilter singleUser = SyncFilter.of(dataset + ":allusers-ro", dataset + ":user-ro:" + learner.id(),
                    dataset + ":user-rw:" + learner.id());
            TransferResult pull = device.syncService().pull(hub.asPeer(), singleUser, OPTIONS);
            assertTrue(pull.succeeded(), () -> "pull failed: " + pull);

            List<SyncRecord> copies = all(device.records(), "individualsyncableexam");
            assertEquals(exams, resourceIds(copies, "exam_id"));
            SyncRecord copy = copies.get(0);
            assertEquals(learner.id(), copy.get("user_id"));
            assertEquals(dataset + ":user-ro:" + learner.id(), copy.partition());
            String examId = String.valueOf(copy.get("exam_id")).replace("-", "");
            assertTrue(String.valueOf(copy.get("exam_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                    "a UUIDField serializes with dashes: " + copy.get("exam_id"));
            assertEquals(examId, copy.sourceId(), "Kolibri's source id is the exam id");
            assertEquals(hub.records().serialized(PROFILE, "exam", examId,
                    Set.of("active", "creator_id", "date_created", "date_activated", "collection_id")).orElseThrow(),
                    copy.get("serialized_exam"));
            String serialized = String.valueOf(copy.get("serialized_exam"));
            assertTrue(serialized.startsWith("{\"id\": \"" + examId + "\", \"_morango_source_id\": ")
                    && !serialized.contains("\"active\"") && serialized.contains("\"question_sources\": \"["), serialized);
            assertEquals(lessons, resourceIds(all(device.records(), "individualsyncablelesson"), "lesson_id"));
            assertEquals(0, device.records().count(PROFILE, "exam"), "the facility-wide quiz itself does not travel");

            // The assignment is withdrawn: the next pull deletes the learner's copy.
            String withdrawn = exams.iterator().next();
            all(hub.records(), "examassignment").stream().filter(a -> withdrawn.equals(a.get("exam_id")))
                    .forEach(a -> hub.records().delete(PROFILE, "examassignment", a.id()));
            TransferResult again = device.syncService().pull(hub.asPeer(), singleUser, OPTIONS);
            assertTrue(again.succeeded(), () -> "second pull failed: " + again);
            Set<String> left = new HashSet<>(exams);
            left.remove(withdrawn);
            assertEquals(left, resourceIds(all(device.records(), "individualsyncableexam"), "exam_id"));

            // A full-facility pull is not a learner-only device's: no copies are made for it.
            long copiesBefore = hub.records().count(PROFILE, "individualsyncableexam");
            try (LocalNode full = node("full")) {
                assertTrue(full.syncService().pull(hub.asPeer(), SyncFilter.of(dataset), OPTIONS).succeeded());
            }
            assertEquals(copiesBefore, hub.records().count(PROFILE, "individualsyncableexam"));
        }
    }

    @Test
    void aLearnerWithoutAPasswordLogsInByUsernameOnlyWhereTheDatasetAllowsIt() throws Exception {
        try (LocalNode hub = node("hub")) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(300), 6);
            facility.records().forEach(record -> record.createIn(hub.records()));
            SyncRecord learner = learnerWithAssignments(hub.records());
            assertEquals("NOT_SPECIFIED", learner.get("password"));
            String facilityId = String.valueOf(learner.get("facility_id"));
            String username = String.valueOf(learner.get("username"));
            Map<String, String> singleUser = Map.of("dataset_id", facility.datasetId(), "user_id", learner.id());
            FacilityCertificateAuthorizer authorizer = new FacilityCertificateAuthorizer(hub.records());
            PublicFacilityUserResource facilityUser = new PublicFacilityUserResource(hub.records());

            assertEquals(Authorization.Outcome.GRANTED, authorizer.authorize(username, "NOT_SPECIFIED".toCharArray(),
                    Map.of("facility", facilityId), "single-user", singleUser).outcome());
            assertEquals(Authorization.Outcome.GRANTED, authorizer.authorize(username, new char[0],
                    Map.of("facility", facilityId), "single-user", singleUser).outcome());
            assertEquals(Authorization.Outcome.BAD_CREDENTIALS, authorizer.authorize(username, new char[0],
                    Map.of(), "single-user", singleUser).outcome(), "only with the facility named, as in Kolibri");
            assertEquals(Authorization.Outcome.FORBIDDEN, authorizer.authorize(username, new char[0],
                    Map.of("facility", facilityId), "full-facility", Map.of("dataset_id", facility.datasetId()))
                    .outcome(), "a learner never obtains the full facility");
            PublicResponse me = facilityUser.handle(usersRequest(username, facilityId));
            assertEquals(200, me.status());
            assertEquals(List.of(learner.id()), ((List<?>) me.body()).stream()
                    .map(u -> ((Map<?, ?>) u).get("id")).toList());

            hub.records().update(PROFILE, "facilitydataset", facility.datasetId(),
                    Map.of("learner_can_login_with_no_password", false));
            assertEquals(Authorization.Outcome.BAD_CREDENTIALS, authorizer.authorize(username,
                    "NOT_SPECIFIED".toCharArray(), Map.of("facility", facilityId), "single-user", singleUser).outcome());
            PublicResponse refused = facilityUser.handle(usersRequest(username, facilityId));
            assertEquals(401, refused.status());
            assertEquals(Map.of("detail", "Invalid credentials."), refused.body());
        }
    }

    private static PublicRequest usersRequest(String username, String facilityId) {
        return new PublicRequest("GET", Optional.empty(), Map.of("facility_id", facilityId), Map.of(),
                Optional.of(new BasicCredentials(username, "NOT_SPECIFIED".toCharArray(), Map.of("facility", facilityId))),
                "0123456789abcdef0123456789abcdef");
    }

    private static LocalNode node(String name) {
        return new LocalNode(name, databases.migrated(DatabaseKind.SQLITE), PROFILE, new FacilityDataProfile());
    }

    /** A learner (no role) who is a member of a collection with a quiz assigned. */
    private static SyncRecord learnerWithAssignments(SyncRecords records) {
        Set<String> withQuiz = new HashSet<>();
        records.forEach(PROFILE, "examassignment", a -> withQuiz.add(String.valueOf(a.get("collection_id"))));
        Set<String> staff = new HashSet<>();
        records.forEach(PROFILE, "role", r -> staff.add(String.valueOf(r.get("user_id"))));
        List<String> candidates = new ArrayList<>();
        records.forEach(PROFILE, "membership", m -> {
            if (withQuiz.contains(String.valueOf(m.get("collection_id"))) && !staff.contains(m.get("user_id"))) {
                candidates.add(String.valueOf(m.get("user_id")));
            }
        });
        return records.read(PROFILE, "facilityuser", candidates.stream().sorted().findFirst().orElseThrow())
                .orElseThrow();
    }

    /** The ids of active resources assigned to the learner's collections. */
    private static Set<String> assigned(SyncRecords records, SyncRecord learner, String assignment, String resource) {
        Set<String> collections = new HashSet<>();
        records.forEach(PROFILE, "membership", m -> {
            if (learner.id().equals(m.get("user_id"))) {
                collections.add(String.valueOf(m.get("collection_id")));
            }
        });
        String key = resource + "_id";
        String active = resource.equals("exam") ? "active" : "is_active";
        Set<String> ids = new HashSet<>();
        records.forEach(PROFILE, assignment, a -> {
            String id = String.valueOf(a.get(key));
            if (collections.contains(String.valueOf(a.get("collection_id")))
                    && records.read(PROFILE, resource, id).map(r -> Boolean.TRUE.equals(r.get(active))).orElse(false)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static List<SyncRecord> all(SyncRecords records, String model) {
        List<SyncRecord> found = new ArrayList<>();
        records.forEach(PROFILE, model, found::add);
        return found;
    }

    private static Set<String> resourceIds(List<SyncRecord> copies, String key) {
        Set<String> ids = new HashSet<>();
        copies.forEach(c -> ids.add(String.valueOf(c.get(key)).replace("-", "")));
        return ids;
    }
}
