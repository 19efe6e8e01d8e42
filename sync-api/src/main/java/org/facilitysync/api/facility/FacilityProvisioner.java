package org.facilitysync.api.facility;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The records a facility starts with, and how to find the facilities a node holds: implemented by the
 * profile that owns the facility models. Registered as a service with {@link #PROFILE}.
 */
@ConsumerType
public interface FacilityProvisioner {

    /** Service property: the profile this provisioner writes. */
    String PROFILE = "sync.profile";

    /**
     * Writes a new facility's dataset (whose id is the facility's root certificate id), the facility
     * itself and its first admin, in one transaction, through the model SPI (so they sync).
     *
     * @param datasetId the root certificate id, which is the dataset id
     * @param facilityName the facility's name
     * @param adminUsername the admin's username
     * @param adminPassword the admin's password; stored only as a salted hash
     * @return the facility
     */
    Facility provision(String datasetId, String facilityName, String adminUsername, char[] adminPassword);

    /** The facilities whose records this node holds, by name. */
    List<Facility> facilities();
}
