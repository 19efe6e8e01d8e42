package org.facilitysync.facility.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.facilitysync.facility.models.AuthModels;
import org.junit.jupiter.api.Test;

class NewFacilityTest {

    private static final String DATASET = "0123456789abcdef0123456789abcdef";

    @Test
    void startsWithDatasetFacilityAdminAndRole() {
        List<GeneratedRecord> records = NewFacility.records(DATASET, "Riverside", "boss", "pbkdf2_sha256$1$s$h");
        assertEquals(List.of(AuthModels.FACILITY_DATASET, AuthModels.FACILITY, AuthModels.FACILITY_USER,
                AuthModels.ROLE), records.stream().map(GeneratedRecord::model).toList());
        assertEquals(DATASET, records.get(0).id(), "the dataset's id is the root certificate id");
        assertEquals("Riverside", records.get(1).values().get("name"));
        assertEquals("boss", records.get(2).values().get("username"));
        assertEquals("pbkdf2_sha256$1$s$h", records.get(2).values().get("password"));
        assertEquals("admin", records.get(3).values().get("kind"));
        assertEquals(records.get(1).id(), records.get(3).values().get("collection_id"));
    }

    @Test
    void refusesADatasetIdThatIsNoCertificateId() {
        assertThrows(IllegalArgumentException.class, () -> NewFacility.records("nope", "F", "a", "h"));
    }

    @Test
    void generatesIntoAnExistingFacilityWithoutItsHeader() {
        String facilityId = "fedcba9876543210fedcba9876543210";
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(300), 7)
                .intoFacility(DATASET, facilityId);
        List<GeneratedRecord> records = generator.records().toList();
        assertEquals(generator.recordCount(), records.size());
        assertEquals(GeneratorSpec.ofRecords(300).recordCount() - GeneratorSpec.FACILITY_RECORDS, records.size());
        assertFalse(records.stream().anyMatch(r -> r.model().equals(AuthModels.FACILITY_DATASET)
                || r.model().equals(AuthModels.FACILITY)));
        records.stream().filter(r -> r.model().equals(AuthModels.CLASSROOM))
                .forEach(r -> assertEquals(facilityId, r.values().get("parent_id")));
    }
}
