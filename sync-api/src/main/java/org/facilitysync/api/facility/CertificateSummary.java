package org.facilitysync.api.facility;

import java.util.Map;
import java.util.Objects;

/**
 * A certificate stored on a node, as an operator sees it ({@code sync:certs}).
 *
 * @param id the certificate id
 * @param parentId the parent's id; empty for a root
 * @param profile the profile it grants
 * @param scopeDefinitionId {@code full-facility}, {@code single-user}, ...
 * @param scopeParams the scope parameters ({@code dataset_id}, {@code user_id})
 * @param ownPrivateKey whether this node holds its private key (it can sync with it)
 */
public record CertificateSummary(String id, String parentId, String profile, String scopeDefinitionId,
        Map<String, String> scopeParams, boolean ownPrivateKey) {

    public CertificateSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parentId, "parentId");
        scopeParams = Map.copyOf(scopeParams);
    }
}
