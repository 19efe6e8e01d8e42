package org.facilitysync.facility.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;

/**
 * Finds users and their roles in the records of the facility profile. The records API streams a model's
 * records, so a lookup walks the users (and the roles of one user): fine for the handful of signing
 * requests a node answers, not meant for a hot path.
 */
final class FacilityUsers {

    static final String ADMIN = "admin";

    private final SyncRecords records;

    FacilityUsers(SyncRecords records) {
        this.records = Objects.requireNonNull(records, "records");
    }

    /**
     * Users with that username, in the given facility when one is named (usernames are unique per
     * facility); clients name the facility by its id (Kolibri, and facilitysync since it reads the peer's
     * public facility list), older facilitysync clients by the dataset id, so either counts.
     */
    List<SyncRecord> byUsername(String username, Optional<String> facilityId) {
        return matching(username::equals, facilityId);
    }

    /** As {@link #byUsername}, the username compared ignoring case ({@code lowerCaseUsername} in lower case). */
    List<SyncRecord> byUsernameIgnoringCase(String lowerCaseUsername, Optional<String> facilityId) {
        return matching(name -> lowerCaseUsername.equals(name.toLowerCase(Locale.ROOT)), facilityId);
    }

    private List<SyncRecord> matching(Predicate<String> username, Optional<String> facilityId) {
        List<SyncRecord> found = new ArrayList<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, user -> {
            if (username.test(String.valueOf(user.values().get("username")))
                    && facilityId.map(id -> id.equals(user.values().get("facility_id"))
                            || id.equals(user.values().get("dataset_id"))).orElse(true)) {
                found.add(user);
            }
        });
        return found;
    }

    Optional<SyncRecord> byId(String userId) {
        return records.read(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, userId);
    }

    /** Whether the user has the admin role for the facility they belong to. */
    boolean isFacilityAdmin(SyncRecord user) {
        Object facilityId = user.values().get("facility_id");
        boolean[] admin = {false};
        records.forEach(FacilityDataModels.PROFILE, AuthModels.ROLE, role -> {
            Map<String, Object> v = role.values();
            if (user.id().equals(v.get("user_id")) && ADMIN.equals(v.get("kind"))
                    && Objects.equals(facilityId, v.get("collection_id"))) {
                admin[0] = true;
            }
        });
        return admin[0];
    }

    /** The kinds of the user's roles, as Kolibri lists them for {@code /api/public/facilityuser/}. */
    List<String> roleKinds(SyncRecord user) {
        List<String> kinds = new ArrayList<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.ROLE, role -> {
            if (user.id().equals(role.values().get("user_id"))) {
                kinds.add(String.valueOf(role.values().get("kind")));
            }
        });
        return kinds;
    }

    static String datasetOf(SyncRecord user) {
        return String.valueOf(user.values().get("dataset_id"));
    }
}
