package org.facilitysync.facility.data;

/**
 * The size and shape of a generated facility.
 *
 * <p>A facility has one dataset, one facility, one admin (a user and a role), then per classroom the
 * classroom, its learner groups, its coaches (a user, a coach role for the classroom and Kolibri's
 * assignable-coach role for the facility each), a lesson and an exam each assigned to the classroom,
 * and its learners. Each learner has a user, a membership in the classroom and one in a group, and
 * content items: every even-numbered item is an exercise (a summary log, a session log, a mastery
 * log and {@value #ATTEMPTS_PER_EXERCISE} attempt logs), every odd one a resource such as a video (a
 * summary log and two session logs).
 *
 * @param classrooms how many classrooms (at least 1)
 * @param learnerGroupsPerClassroom learner groups in each classroom (0 or more)
 * @param coachesPerClassroom coaches of each classroom (0 or more)
 * @param learners learners of the facility, spread evenly over the classrooms (at least 1)
 * @param contentItems content items of the facility, spread evenly over the learners (0 or more)
 */
public record GeneratorSpec(int classrooms, int learnerGroupsPerClassroom, int coachesPerClassroom, long learners,
        long contentItems) {

    /** Attempt logs per exercise. */
    public static final int ATTEMPTS_PER_EXERCISE = 5;

    /** Records of an exercise: summary log, session log, mastery log, attempt logs. */
    static final int EXERCISE_RECORDS = 3 + ATTEMPTS_PER_EXERCISE;

    /** Records of a resource: summary log and two session logs. */
    static final int RESOURCE_RECORDS = 3;

    /** The records of a facility before its classrooms: dataset, facility, admin, admin role. */
    public static final int FACILITY_RECORDS = 4;

    /** Records of a classroom besides its groups, coaches and learners: the classroom, a lesson, an exam, their assignments. */
    static final int CLASSROOM_RECORDS = 5;

    /** Records of a coach: user, coach role, assignable-coach role. */
    static final int COACH_RECORDS = 3;

    /** The typical classroom of {@link #ofRecords}. */
    private static final int LEARNERS_PER_CLASSROOM = 25;
    private static final int GROUPS_PER_CLASSROOM = 2;
    private static final int COACHES_PER_CLASSROOM = 2;
    private static final int ITEMS_PER_LEARNER = 20;

    public GeneratorSpec {
        if (classrooms < 1 || learnerGroupsPerClassroom < 0 || coachesPerClassroom < 0 || learners < 1
                || contentItems < 0) {
            throw new IllegalArgumentException("a facility needs at least one classroom and one learner, and no"
                    + " negative counts: " + this);
        }
        if (learners < classrooms) {
            throw new IllegalArgumentException("a facility needs at least one learner per classroom: " + this);
        }
    }

    /**
     * A facility of about {@code records} records: classrooms of 25 learners, 2 groups and 2 coaches,
     * about 20 content items per learner (fewer when that many would not fit), then as many items as
     * make the total closest to {@code records}: it lands within 4 records of the target.
     *
     * @throws IllegalArgumentException when {@code records} is below the smallest facility's size
     */
    public static GeneratorSpec ofRecords(long records) {
        long smallest = new GeneratorSpec(1, GROUPS_PER_CLASSROOM, COACHES_PER_CLASSROOM, 1, 0).recordCount();
        if (records < smallest) {
            throw new IllegalArgumentException("a facility has at least " + smallest + " records; asked for " + records);
        }
        double perItem = (EXERCISE_RECORDS + RESOURCE_RECORDS) / 2.0;
        double perLearner = 1 + 2 + ITEMS_PER_LEARNER * perItem;
        double perClassroom = CLASSROOM_RECORDS + GROUPS_PER_CLASSROOM + COACHES_PER_CLASSROOM * COACH_RECORDS
                + LEARNERS_PER_CLASSROOM * perLearner;
        int classrooms = (int) Math.max(1, Math.round((records - FACILITY_RECORDS) / perClassroom));
        long classroomOverhead = FACILITY_RECORDS
                + (long) classrooms * (CLASSROOM_RECORDS + GROUPS_PER_CLASSROOM + COACHES_PER_CLASSROOM * COACH_RECORDS);
        // A full classroom when items fit; otherwise as many learners with an item or two as fit.
        long learners = Math.min((long) classrooms * LEARNERS_PER_CLASSROOM,
                Math.max(classrooms, (long) ((records - classroomOverhead) / (3 + perItem))));
        // The count grows with the items (3 or 8 records each): take the most items that stay within the
        // target, or one more when that lands closer.
        long low = 0;
        long high = Math.max(0, records - classroomOverhead - learners * 3);
        while (low < high) {
            long middle = (low + high + 1) >>> 1;
            if (new GeneratorSpec(classrooms, GROUPS_PER_CLASSROOM, COACHES_PER_CLASSROOM, learners, middle)
                    .recordCount() <= records) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        GeneratorSpec best = new GeneratorSpec(classrooms, GROUPS_PER_CLASSROOM, COACHES_PER_CLASSROOM, learners, low);
        GeneratorSpec above = new GeneratorSpec(classrooms, GROUPS_PER_CLASSROOM, COACHES_PER_CLASSROOM, learners,
                low + 1);
        if (above.recordCount() - records < records - best.recordCount()) {
            best = above;
        }
        return best;
    }

    /** Exactly how many records the generator emits for this spec. */
    public long recordCount() {
        long perClassroom = CLASSROOM_RECORDS + learnerGroupsPerClassroom
                + (long) coachesPerClassroom * COACH_RECORDS;
        long perLearner = 1 + 1 + (learnerGroupsPerClassroom > 0 ? 1 : 0);
        long base = contentItems / learners;
        long withOneMore = contentItems % learners;
        return FACILITY_RECORDS + classrooms * perClassroom + learners * perLearner
                + withOneMore * itemRecords(base + 1) + (learners - withOneMore) * itemRecords(base);
    }

    /** Learners of classroom {@code classroom}: an even share, the first ones taking the remainder. */
    long learnersOf(int classroom) {
        return learners / classrooms + (classroom < learners % classrooms ? 1 : 0);
    }

    /** Content items of the {@code learner}-th learner of the facility. */
    long itemsOf(long learner) {
        return contentItems / learners + (learner < contentItems % learners ? 1 : 0);
    }

    /** Item {@code index} of a learner is an exercise when even. */
    static boolean isExercise(long index) {
        return index % 2 == 0;
    }

    /** Records of a learner's first {@code items} content items. */
    static long itemRecords(long items) {
        long exercises = (items + 1) / 2;
        return exercises * EXERCISE_RECORDS + (items - exercises) * RESOURCE_RECORDS;
    }
}
