package org.facilitysync.core.internal.http.client;

import java.util.Objects;

/**
 * A facility as a Kolibri peer lists it at {@code GET /api/public/v1/facility/}: a facility's id differs
 * from its dataset's, and Kolibri users type the facility id.
 *
 * @param id the facility id
 * @param dataset the dataset id (the facility's root certificate and partition prefix)
 * @param name the facility's name
 */
public record PublicFacility(String id, String dataset, String name) {

    public PublicFacility {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(name, "name");
    }

    /** Whether {@code identifier} names this facility, by its facility id or its dataset id. */
    public boolean isNamedBy(String identifier) {
        return id.equals(identifier) || dataset.equals(identifier);
    }
}
