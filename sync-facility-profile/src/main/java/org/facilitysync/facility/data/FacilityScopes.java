package org.facilitysync.facility.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.model.KolibriScopes;
import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.facility.models.KolibriPartitions;

/**
 * Kolibri's scope definitions for the {@code facilitydata} profile
 * ({@code kolibri/core/auth/fixtures/scopedefinitions.json}; reference §2.6), the only copy of them: the
 * profile declares them ({@code FacilityDataProfile.scopeDefinitions()}) and the core stores them from
 * there. Also who may obtain a certificate of each ({@code FacilityUser.has_morango_certificate_scope_permission}).
 */
public final class FacilityScopes {

    private static final String PROFILE = org.facilitysync.facility.models.FacilityDataModels.PROFILE;

    // The filter templates are prefixes of the models' partitions (KolibriPartitions), whose placeholders
    // Kolibri names as the scope params: one text for both.

    /** Everything of one dataset, both ways; its root certificate's id is the dataset id. */
    public static final ScopeDefinition FULL_FACILITY = new ScopeDefinition(KolibriScopes.FULL_FACILITY, PROFILE, 1,
            KolibriScopes.DATASET_ID, "Allows full syncing for data under the Facility with FacilityDataset ID ${dataset_id}.",
            "", "", KolibriPartitions.DATASET);

    /**
     * Reads the facility-wide data and the user's read-only data, writes anonymous logs, and reads and
     * writes the user's own logs. It has no primary param, so it can never root a chain: a single-user
     * certificate is always issued under a full-facility one.
     */
    public static final ScopeDefinition SINGLE_USER = new ScopeDefinition(KolibriScopes.SINGLE_USER, PROFILE, 1, "",
            "Allows syncing data for FacilityUser ${user_id} under Facility with FacilityDataset ID ${dataset_id}.",
            KolibriPartitions.ALL_USERS_RO + "\n" + KolibriPartitions.USER_RO, KolibriPartitions.ANONYMOUS,
            KolibriPartitions.USER_RW);

    private static final List<ScopeDefinition> ALL = List.of(FULL_FACILITY, SINGLE_USER);

    private FacilityScopes() {
    }

    /** Both scope definitions. */
    public static List<ScopeDefinition> all() {
        return ALL;
    }

    /** The scope definition with this id, if it is one of Kolibri's. */
    public static Optional<ScopeDefinition> byId(String id) {
        return ALL.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * Whether {@code requester} may obtain a certificate of scope {@code scopeDefinitionId} with
     * {@code scopeParams}, as Kolibri decides it:
     * <ol>
     *   <li>a superuser of this device always may;</li>
     *   <li>otherwise the params' {@code dataset_id} must be the requester's own dataset;</li>
     *   <li>{@code full-facility} then needs a facility admin;</li>
     *   <li>{@code single-user} needs the user named by {@code user_id} to be the requester, or the
     *       requester to be an admin for that user: a facility admin, and the user in the same dataset;</li>
     *   <li>any other scope is refused.</li>
     * </ol>
     *
     * @param targetUserDatasetId the dataset of the user named by {@code scopeParams.user_id}, or null when
     *        there is no such user (or no {@code user_id}); only a single-user request looks at it
     */
    public static boolean mayObtainCertificate(CertificateRequester requester, String scopeDefinitionId,
            Map<String, String> scopeParams, String targetUserDatasetId) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(scopeParams, "scopeParams");
        if (requester.superuser()) {
            return true;
        }
        if (!requester.datasetId().equals(scopeParams.get(KolibriScopes.DATASET_ID))) {
            return false;
        }
        if (KolibriScopes.FULL_FACILITY.equals(scopeDefinitionId)) {
            return requester.facilityAdmin();
        }
        if (KolibriScopes.SINGLE_USER.equals(scopeDefinitionId)) {
            String targetUserId = scopeParams.get(KolibriScopes.USER_ID);
            if (targetUserId == null || targetUserDatasetId == null) {
                return false;
            }
            if (requester.userId().equals(targetUserId)) {
                return true;
            }
            return requester.facilityAdmin() && requester.datasetId().equals(targetUserDatasetId);
        }
        return false;
    }
}
