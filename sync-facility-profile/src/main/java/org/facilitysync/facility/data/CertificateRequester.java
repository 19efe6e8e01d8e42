package org.facilitysync.facility.data;

import java.util.Objects;

/**
 * What the certificate rule needs to know about the user who asks for a certificate (through a
 * certificate signing request authenticated with the user's credentials).
 *
 * @param userId the user's id
 * @param datasetId the dataset the user belongs to
 * @param superuser whether the user is a superuser of this device (Kolibri's device permission)
 * @param facilityAdmin whether the user has the admin role for their own facility
 */
public record CertificateRequester(String userId, String datasetId, boolean superuser, boolean facilityAdmin) {

    public CertificateRequester {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(datasetId, "datasetId");
    }
}
