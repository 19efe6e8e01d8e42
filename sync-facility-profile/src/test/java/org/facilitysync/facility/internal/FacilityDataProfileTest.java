package org.facilitysync.facility.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facilitysync.api.model.SyncableModel;
import org.junit.jupiter.api.Test;

class FacilityDataProfileTest {

    @Test
    void contributesEveryModelToTheFacilityDataProfile() {
        FacilityDataProfile profile = new FacilityDataProfile();

        assertEquals("facilitydata", profile.name());
        assertEquals(23, profile.models().size());
        assertTrue(profile.models().stream().map(SyncableModel::profile).allMatch("facilitydata"::equals));
    }
}
