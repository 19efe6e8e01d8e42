package org.facilitysync.api.facility;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The facilities and certificates of this node ({@code sync:facility}, {@code sync:certs}). */
@ProviderType
public interface FacilityService {

    /**
     * Creates a facility: a new full-facility root certificate (its id is the dataset id), then the
     * facility's records through the profile's {@link FacilityProvisioner}.
     *
     * @throws IllegalArgumentException when the name or admin credentials are unusable
     * @throws IllegalStateException when no provisioner for the profile is present
     */
    Facility create(String name, String adminUsername, char[] adminPassword);

    /** The facilities whose records this node holds. */
    List<Facility> facilities();

    /** Every certificate stored on this node, roots first. */
    List<CertificateSummary> certificates();
}
