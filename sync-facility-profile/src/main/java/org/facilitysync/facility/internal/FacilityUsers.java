package org.facilitysync.facility.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;

/**
 * Finds users and their roles in the records of the facility profile, by indexed lookups (the user's
 * username, the role's user), so a hub with a million users answers a certificate request as fast as one
 * with ten.
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
        return records.findBy(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, "username", username).stream()
                .filter(user -> facilityId.map(id -> id.equals(user.values().get("facility_id"))
                        || id.equals(user.values().get("dataset_id"))).orElse(true))
                .toList();
    }

    /**
     * As {@link #byUsername}, the username compared ignoring case ({@code lowerCaseUsername} in lower case):
     * Kolibri's second try, only when no username matched exactly. It reads the user table (no index on a
     * lower-cased username yet).
     */
    List<SyncRecord> byUsernameIgnoringCase(String lowerCaseUsername, Optional<String> facilityId) {
        List<SyncRecord> found = new ArrayList<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, user -> {
            if (lowerCaseUsername.equals(String.valueOf(user.values().get("username")).toLowerCase(Locale.ROOT))
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
        return records.findBy(FacilityDataModels.PROFILE, AuthModels.ROLE, "user_id", user.id()).stream()
                .map(SyncRecord::values)
                .anyMatch(role -> ADMIN.equals(role.get("kind")) && Objects.equals(facilityId, role.get("collection_id")));
    }

    /** The kinds of the user's roles, as Kolibri lists them for {@code /api/public/facilityuser/}. */
    List<String> roleKinds(SyncRecord user) {
        return records.findBy(FacilityDataModels.PROFILE, AuthModels.ROLE, "user_id", user.id()).stream()
                .map(role -> String.valueOf(role.values().get("kind")))
                .toList();
    }

    static String datasetOf(SyncRecord user) {
        return String.valueOf(user.values().get("dataset_id"));
    }
}
