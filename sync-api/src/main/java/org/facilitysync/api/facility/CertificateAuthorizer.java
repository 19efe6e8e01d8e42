package org.facilitysync.api.facility;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether the user who signs a certificate signing request may obtain a certificate of the
 * requested scope (Morango's {@code has_morango_certificate_scope_permission}). Implemented by the
 * profile that owns the users: the facility profile grants a full-facility certificate to a facility
 * admin and a single-user certificate to that user or an admin.
 *
 * <p>Registered as a service with {@link #PROFILE} naming the profile it decides for. A node with no
 * authorizer for a profile refuses every signing request of that profile.
 */
@ConsumerType
public interface CertificateAuthorizer {

    /** Service property: the profile (for example {@code facilitydata}) this authorizer decides for. */
    String PROFILE = "sync.profile";

    /**
     * @param username the user named by the request's HTTP Basic credentials
     * @param password that user's password, as sent; not kept
     * @param userArguments further arguments sent with the username (Kolibri sends {@code facility})
     * @param scopeDefinitionId the requested scope definition, for example {@code full-facility}
     * @param scopeParams the requested scope parameters, for example {@code dataset_id} and {@code user_id}
     * @return the decision; never null
     */
    Authorization authorize(String username, char[] password, Map<String, String> userArguments,
            String scopeDefinitionId, Map<String, String> scopeParams);
}
