package org.facilitysync.facility.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.api.OncePerStageOperation;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncOperationStage;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kolibri's {@code SingleUserExamSerializeOperation} and {@code SingleUserLessonSerializeOperation}: when this
 * node is about to send one learner's data to a learner-only device (it produces a transfer whose filter is a
 * single-user scope), it first makes the learner's individual syncable quizzes and lessons
 * ({@link IndividualAssignments}), so the serializing stage that follows puts them into the Store and they
 * travel with the rest. Runs once per transfer session, before the engine, and lets the engine serialize.
 */
@Component(service = SyncOperation.class)
@SyncOperationStage(stage = SyncStage.SERIALIZING, priority = 100)
public final class SingleUserAssignmentsOperation extends OncePerStageOperation {

    private static final Logger LOG = LoggerFactory.getLogger(SingleUserAssignmentsOperation.class);
    /** A single-user scope's read filter names the learner's read-only partition. */
    private static final Pattern USER_RO = Pattern.compile("[0-9a-f]{32}:user-ro:([0-9a-f]{32})");

    private final SyncRecords records;

    @Activate
    public SingleUserAssignmentsOperation(@Reference SyncRecords records) {
        this.records = records;
    }

    @Override
    protected StageResult handleInitial(SyncContext context) throws Exception {
        if (!context.isProducer()) {
            return StageResult.SKIPPED;
        }
        Optional<String> userId = singleUser(context.filter());
        if (userId.isEmpty()) {
            return StageResult.SKIPPED;
        }
        Optional<SyncRecord> learner = records.read(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, userId.get());
        if (learner.isPresent()) {
            records.inTransaction(tx -> {
                IndividualAssignments.EXAMS.update(tx, learner.get());
                IndividualAssignments.LESSONS.update(tx, learner.get());
                return null;
            });
            LOG.debug("Individual syncable quizzes and lessons brought up to date for learner {}", userId.get());
        }
        return StageResult.SKIPPED;
    }

    /** The learner of a single-user filter; empty for any other (a full-facility filter names the dataset alone). */
    static Optional<String> singleUser(SyncFilter filter) {
        for (String partition : filter.partitions()) {
            Matcher m = USER_RO.matcher(partition);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
