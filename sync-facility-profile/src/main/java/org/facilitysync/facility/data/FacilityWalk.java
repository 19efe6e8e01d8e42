package org.facilitysync.facility.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

import org.facilitysync.facility.models.AuthModels;

/**
 * Walks a facility's shape in dependency order, one small unit at a time (the facility's header, a
 * classroom's header, a learner, one content item), so it holds the records of one unit and a few
 * cursors and ids, never the facility. See {@link GeneratorSpec} for the shape.
 */
final class FacilityWalk implements Iterator<GeneratedRecord> {

    /** Kolibri's role kinds ({@code role_kinds.py}). */
    private static final String ADMIN = "admin";
    private static final String COACH = "coach";
    private static final String ASSIGNABLE_COACH = "classroom assignable coach";

    private final GeneratorSpec spec;
    private final RecordFactory make;
    private final ArrayDeque<GeneratedRecord> unit = new ArrayDeque<>();

    private boolean started;
    private String facilityId;

    private int classroom = -1;
    private String classroomId;
    private final String[] groupIds;
    private long learnersInClassroom;
    private long learnerInClassroom;

    /** The facility-wide index of the next learner. */
    private long learner;
    private String learnerId;
    private long items;
    private long item;

    /**
     * @param existingFacilityId the facility the records go into; null to generate the facility (its
     *        dataset, the facility, its admin and the admin's role) first
     */
    FacilityWalk(GeneratorSpec spec, long seed, String datasetId, String existingFacilityId) {
        this.spec = spec;
        this.make = new RecordFactory(seed, datasetId);
        this.groupIds = new String[spec.learnerGroupsPerClassroom()];
        this.facilityId = existingFacilityId;
        this.started = existingFacilityId != null;
    }

    @Override
    public boolean hasNext() {
        while (unit.isEmpty() && step()) {
            // each step queues the next unit's records
        }
        return !unit.isEmpty();
    }

    @Override
    public GeneratedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the facility has no more records");
        }
        return unit.poll();
    }

    /** Queues the next unit; false when the facility is complete. */
    private boolean step() {
        if (!started) {
            started = true;
            facility();
        } else if (learnerId != null && item < items) {
            contentItem(item++);
        } else if (classroom >= 0 && learnerInClassroom < learnersInClassroom) {
            learner();
        } else if (classroom + 1 < spec.classrooms()) {
            classroom(++classroom);
        } else {
            return false;
        }
        return true;
    }

    private void facility() {
        unit.add(make.dataset());
        GeneratedRecord facility = make.collection(AuthModels.FACILITY, "Facility", null);
        facilityId = facility.id();
        unit.add(facility);
        GeneratedRecord admin = make.user("admin", facilityId);
        unit.add(admin);
        unit.add(make.role(admin.id(), facilityId, ADMIN));
    }

    private void classroom(int index) {
        GeneratedRecord room = make.collection(AuthModels.CLASSROOM, "Classroom " + (index + 1), facilityId);
        classroomId = room.id();
        unit.add(room);
        for (int g = 0; g < groupIds.length; g++) {
            GeneratedRecord group = make.collection(AuthModels.LEARNER_GROUP, "Group " + (char) ('A' + g % 26)
                    + (g >= 26 ? Integer.toString(g / 26) : ""), classroomId);
            groupIds[g] = group.id();
            unit.add(group);
        }
        String firstCoach = null;
        for (int k = 0; k < spec.coachesPerClassroom(); k++) {
            GeneratedRecord coach = make.user("coach" + ((long) index * spec.coachesPerClassroom() + k + 1), facilityId);
            firstCoach = firstCoach == null ? coach.id() : firstCoach;
            unit.add(coach);
            unit.add(make.role(coach.id(), classroomId, COACH));
            // Kolibri adds this facility role itself when a classroom coach role is saved.
            unit.add(make.role(coach.id(), facilityId, ASSIGNABLE_COACH));
        }
        GeneratedRecord lesson = make.lesson("Lesson " + (index + 1), classroomId, firstCoach, spec.itemsOf(0));
        unit.add(lesson);
        unit.add(make.lessonAssignment(lesson.id(), classroomId, firstCoach));
        GeneratedRecord exam = make.exam("Quiz " + (index + 1), classroomId, firstCoach);
        unit.add(exam);
        unit.add(make.examAssignment(exam.id(), classroomId, firstCoach));
        learnersInClassroom = spec.learnersOf(index);
        learnerInClassroom = 0;
        learnerId = null;
    }

    private void learner() {
        GeneratedRecord user = make.user("learner" + (learner + 1), facilityId);
        learnerId = user.id();
        unit.add(user);
        unit.add(make.membership(learnerId, classroomId));
        if (groupIds.length > 0) {
            unit.add(make.membership(learnerId, groupIds[(int) (learnerInClassroom % groupIds.length)]));
        }
        items = spec.itemsOf(learner);
        item = 0;
        learner++;
        learnerInClassroom++;
    }

    private void contentItem(long index) {
        String contentId = make.contentId(index);
        Instant start = make.activityStart();
        if (GeneratorSpec.isExercise(index)) {
            boolean mastered = make.chance(0.6);
            GeneratedRecord summary = make.summaryLog(learnerId, contentId, "exercise", start, mastered ? 1.0 : 0.4);
            GeneratedRecord session = make.sessionLog(learnerId, contentId, "exercise", start);
            GeneratedRecord mastery = make.masteryLog(learnerId, summary.id(), start, mastered);
            unit.add(summary);
            unit.add(session);
            unit.add(mastery);
            for (int q = 0; q < GeneratorSpec.ATTEMPTS_PER_EXERCISE; q++) {
                unit.add(make.attemptLog(learnerId, mastery.id(), session.id(), q,
                        start.plus(Duration.ofSeconds(30L * (q + 1)))));
            }
        } else {
            String kind = make.resourceKind();
            unit.add(make.summaryLog(learnerId, contentId, kind, start, make.chance(0.7) ? 1.0 : 0.5));
            unit.add(make.sessionLog(learnerId, contentId, kind, start));
            unit.add(make.sessionLog(learnerId, contentId, kind, start.plus(Duration.ofDays(1))));
        }
    }
}
