package org.facilitysync.facility.data;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

import org.facilitysync.facility.models.AuthModels;

/**
 * The records a new facility starts with, as Kolibri's setup wizard makes them: the dataset (its id is the
 * facility's root certificate id), the facility, its first user and that user's admin role. Values not
 * given here take Kolibri's defaults for a "formal" facility.
 */
public final class NewFacility {

    private static final SecureRandom SEEDS = new SecureRandom();

    private NewFacility() {
    }

    /**
     * @param datasetId the root certificate id, 32 lowercase hex digits
     * @param name the facility's name
     * @param adminUsername the first admin's username
     * @param adminPasswordHash the admin's password as Django encodes it
     * @return dataset, facility, admin, admin role, in the order to create them
     */
    public static List<GeneratedRecord> records(String datasetId, String name, String adminUsername,
            String adminPasswordHash) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(adminUsername, "adminUsername");
        Objects.requireNonNull(adminPasswordHash, "adminPasswordHash");
        if (datasetId == null || !datasetId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a dataset id is 32 lowercase hex digits (a certificate id), not "
                    + datasetId);
        }
        RecordFactory make = new RecordFactory(SEEDS.nextLong(), datasetId);
        GeneratedRecord dataset = make.dataset();
        GeneratedRecord facility = make.collection(AuthModels.FACILITY, name, null);
        GeneratedRecord admin = make.user(adminUsername, facility.id(), adminPasswordHash);
        GeneratedRecord role = make.role(admin.id(), facility.id(), "admin");
        return List.of(dataset, facility, admin, role);
    }
}
