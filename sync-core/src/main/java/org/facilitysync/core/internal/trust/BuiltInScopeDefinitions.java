package org.facilitysync.core.internal.trust;

import java.util.List;
import java.util.Optional;
import org.facilitysync.core.internal.certificate.ScopeDefinition;

/**
 * The scope definitions every node has without being told: Kolibri's {@code facilitydata} fixtures
 * ({@code kolibri/core/auth/fixtures/scopedefinitions.json}; reference §2.6). Morango's
 * {@code ScopeDefinition.retrieve_by_id} loads its fixture when a row is missing; {@link
 * ScopeDefinitionStore} does the same with these, so a node can verify a peer's full-facility or
 * single-user chain on first contact. The texts equal the facility profile's {@code FacilityScopes}
 * (a test keeps them equal): the core cannot depend on the profile bundle.
 */
public final class BuiltInScopeDefinitions {

    public static final ScopeDefinition FULL_FACILITY = new ScopeDefinition("full-facility", "facilitydata", 1,
            "dataset_id", "Allows full syncing for data under the Facility with FacilityDataset ID ${dataset_id}.",
            "", "", "${dataset_id}");

    public static final ScopeDefinition SINGLE_USER = new ScopeDefinition("single-user", "facilitydata", 1, "",
            "Allows syncing data for FacilityUser ${user_id} under Facility with FacilityDataset ID ${dataset_id}.",
            "${dataset_id}:allusers-ro\n${dataset_id}:user-ro:${user_id}", "${dataset_id}:anonymous",
            "${dataset_id}:user-rw:${user_id}");

    private static final List<ScopeDefinition> ALL = List.of(FULL_FACILITY, SINGLE_USER);

    private BuiltInScopeDefinitions() {
    }

    public static List<ScopeDefinition> all() {
        return ALL;
    }

    public static Optional<ScopeDefinition> find(String id) {
        return ALL.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
