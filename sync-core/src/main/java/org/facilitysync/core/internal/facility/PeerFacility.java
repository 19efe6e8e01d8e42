package org.facilitysync.core.internal.facility;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.facilitysync.api.facility.FacilitySyncException;
import org.facilitysync.core.internal.http.client.MorangoHttpClient;
import org.facilitysync.core.internal.http.client.PublicFacility;

/**
 * The facility a sync is about, by both its ids, as Kolibri's {@code get_facility_dataset_id} finds it:
 * what the user typed ({@code --facility}: a facility id or a dataset id) is looked up in the peer's
 * {@code /api/public/v1/facility/}. The dataset id names the certificates and partitions; the facility id
 * goes into a signing request's user arguments, where Kolibri looks users up by it. A peer without that
 * endpoint (a facilitysync node without the facility profile's public API) is asked for its certificates
 * instead, and the dataset id stands for the facility id.
 *
 * @param facilityId the facility's id
 * @param datasetId its dataset's id
 */
record PeerFacility(String facilityId, String datasetId) {

    static PeerFacility resolve(MorangoHttpClient client, Optional<String> identifier, Supplier<String> onlyDataset) {
        List<PublicFacility> offered = client.publicFacilities().orElse(List.of());
        if (offered.isEmpty()) {
            String dataset = identifier.orElseGet(onlyDataset);
            return new PeerFacility(dataset, dataset);
        }
        if (identifier.isPresent()) {
            return offered.stream().filter(f -> f.isNamedBy(identifier.get())).findFirst()
                    .map(f -> new PeerFacility(f.id(), f.dataset()))
                    .orElseThrow(() -> new FacilitySyncException("facility " + identifier.get()
                            + " does not exist on the peer at " + client.baseUrl() + "; it offers " + describe(offered)));
        }
        if (offered.size() > 1) {
            throw new FacilitySyncException("the peer at " + client.baseUrl() + " offers " + offered.size()
                    + " facilities: " + describe(offered) + "; choose one with --facility");
        }
        return new PeerFacility(offered.get(0).id(), offered.get(0).dataset());
    }

    private static String describe(List<PublicFacility> facilities) {
        return facilities.stream().map(f -> "'" + f.name() + "' (facility id " + f.id() + ", dataset id " + f.dataset() + ")")
                .collect(Collectors.joining(", "));
    }
}
