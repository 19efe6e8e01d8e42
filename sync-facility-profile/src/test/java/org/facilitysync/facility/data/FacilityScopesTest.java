package org.facilitysync.facility.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.facilitysync.api.model.ScopeDefinition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FacilityScopesTest {

    private static final String D = "d0000000000000000000000000000000";
    private static final String OTHER_D = "e0000000000000000000000000000000";
    private static final String ME = "a0000000000000000000000000000001";
    private static final String LEARNER = "a0000000000000000000000000000002";

    @Test
    void fullFacilityIsKolibrisFixture() {
        ScopeDefinition full = FacilityScopes.byId("full-facility").orElseThrow();
        assertEquals(new ScopeDefinition("full-facility", "facilitydata", 1, "dataset_id",
                "Allows full syncing for data under the Facility with FacilityDataset ID ${dataset_id}.",
                "", "", "${dataset_id}"), full);
    }

    @Test
    void singleUserIsKolibrisFixture() {
        ScopeDefinition single = FacilityScopes.byId("single-user").orElseThrow();
        assertEquals(new ScopeDefinition("single-user", "facilitydata", 1, "",
                "Allows syncing data for FacilityUser ${user_id} under Facility with FacilityDataset ID ${dataset_id}.",
                "${dataset_id}:allusers-ro\n${dataset_id}:user-ro:${user_id}", "${dataset_id}:anonymous",
                "${dataset_id}:user-rw:${user_id}"), single);
    }

    @Test
    void thereAreExactlyTwoScopes() {
        assertEquals(2, FacilityScopes.all().size());
        assertTrue(FacilityScopes.byId("everything").isEmpty());
    }

    @Test
    void aScopeWithoutAnyTemplateIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ScopeDefinition("all", "facilitydata", 1, "", "", "", " ", ""));
    }

    /** requester, scope, params' dataset, params' user, the target user's dataset, expected. */
    static Stream<Arguments> cases() {
        CertificateRequester superuser = new CertificateRequester(ME, OTHER_D, true, false);
        CertificateRequester admin = new CertificateRequester(ME, D, false, true);
        CertificateRequester coach = new CertificateRequester(ME, D, false, false);
        return Stream.of(
                Arguments.of("superuser, other dataset, full", superuser, "full-facility", D, null, null, true),
                Arguments.of("superuser, unknown scope", superuser, "everything", D, null, null, true),
                Arguments.of("admin, own dataset, full", admin, "full-facility", D, null, null, true),
                Arguments.of("admin, other dataset, full", admin, "full-facility", OTHER_D, null, null, false),
                Arguments.of("admin, no dataset param", admin, "full-facility", null, null, null, false),
                Arguments.of("non-admin, own dataset, full", coach, "full-facility", D, null, null, false),
                Arguments.of("non-admin, self, single", coach, "single-user", D, ME, D, true),
                Arguments.of("non-admin, other user, single", coach, "single-user", D, LEARNER, D, false),
                Arguments.of("non-admin, self, other dataset", coach, "single-user", OTHER_D, ME, D, false),
                Arguments.of("admin, learner of own facility, single", admin, "single-user", D, LEARNER, D, true),
                Arguments.of("admin, learner of another facility", admin, "single-user", D, LEARNER, OTHER_D, false),
                Arguments.of("admin, unknown user, single", admin, "single-user", D, LEARNER, null, false),
                Arguments.of("admin, no user param, single", admin, "single-user", D, null, null, false),
                Arguments.of("admin, unknown scope", admin, "everything", D, null, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whoMayObtainWhichCertificate(String name, CertificateRequester requester, String scope, String dataset,
            String user, String targetDataset, boolean expected) {
        Map<String, String> params = new HashMap<>();
        if (dataset != null) {
            params.put("dataset_id", dataset);
        }
        if (user != null) {
            params.put("user_id", user);
        }
        assertEquals(expected, FacilityScopes.mayObtainCertificate(requester, scope, params, targetDataset));
    }
}
