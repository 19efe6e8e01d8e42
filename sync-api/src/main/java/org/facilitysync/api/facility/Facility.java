package org.facilitysync.api.facility;

import java.util.Objects;

/**
 * A facility held on a node.
 *
 * @param datasetId the facility's dataset id (its root certificate id; the prefix of its partitions)
 * @param facilityId the facility record's id
 * @param name the facility's name
 * @param users how many users of the facility this node holds
 */
public record Facility(String datasetId, String facilityId, String name, long users) {

    public Facility {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(facilityId, "facilityId");
        Objects.requireNonNull(name, "name");
    }
}
