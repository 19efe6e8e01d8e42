package org.facilitysync.facility.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;

/**
 * Kolibri's login rule ({@code FacilityUserBackend}): a user of the named facility (by facility id, or by
 * dataset id as older facilitysync clients send it) whose password matches, the username compared exactly
 * first and then ignoring case; and, only when the facility is named, a learner (no role) whose dataset
 * has {@code learner_can_login_with_no_password}, whatever password was sent (Kolibri's client sends
 * {@code NOT_SPECIFIED} or nothing).
 */
final class FacilityLogin {

    private final SyncRecords records;
    private final FacilityUsers users;

    FacilityLogin(SyncRecords records) {
        this.records = records;
        this.users = new FacilityUsers(records);
    }

    /** The user these credentials log in, if any. */
    Optional<SyncRecord> authenticate(String username, char[] password, Optional<String> facility) {
        if (username == null || username.isEmpty() || password == null) {
            return Optional.empty();
        }
        List<SyncRecord> candidates = users.byUsername(username, facility);
        Optional<SyncRecord> user = firstAccepted(candidates, password, facility);
        if (user.isPresent()) {
            return user;
        }
        String lower = username.toLowerCase(Locale.ROOT);
        return firstAccepted(users.byUsernameIgnoringCase(lower, facility).stream()
                .filter(u -> !candidates.contains(u)).toList(), password, facility);
    }

    private Optional<SyncRecord> firstAccepted(List<SyncRecord> candidates, char[] password, Optional<String> facility) {
        for (SyncRecord candidate : candidates) {
            if (DjangoPasswords.matches(password, String.valueOf(candidate.values().get("password")))) {
                return Optional.of(candidate);
            }
            // Must name the facility, so that no one logs in to another facility's learner by accident.
            if (facility.isPresent() && learnersNeedNoPassword(candidate) && users.roleKinds(candidate).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean learnersNeedNoPassword(SyncRecord user) {
        return records.read(FacilityDataModels.PROFILE, AuthModels.FACILITY_DATASET, FacilityUsers.datasetOf(user))
                .map(dataset -> Boolean.TRUE.equals(dataset.get("learner_can_login_with_no_password")))
                .orElse(false);
    }
}
