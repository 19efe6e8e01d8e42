package org.facilitysync.core.internal.http.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.facilitysync.api.facility.Authorization;
import org.facilitysync.api.facility.CertificateAuthorizer;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.CertificateVerificationException;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.StoredCertificate;
import org.facilitysync.core.internal.wire.CertificateWire;

/**
 * {@code certificates/}: the certificates this node owns (listed, or one retrieved) and certificate
 * signing requests (Morango's {@code CertificateViewSet}), granted by the profile's authorizer.
 */
final class CertificateResource {

    private final CertificateStore certificates;
    private final Function<String, Optional<CertificateAuthorizer>> authorizers;

    CertificateResource(CertificateStore certificates, Function<String, Optional<CertificateAuthorizer>> authorizers) {
        this.certificates = certificates;
        this.authorizers = authorizers;
    }

    /** {@code GET certificates/?ancestors_of=|primary_partition=&profile=}. */
    ApiResponse list(ApiRequest request) {
        String ancestorsOf = request.query().get("ancestors_of");
        String primaryPartition = request.query().get("primary_partition");
        String profile = request.query().get("profile");
        List<Certificate> found;
        if (ancestorsOf != null) {
            found = certificates.ancestors(ancestorsOf);
        } else if (primaryPartition != null) {
            found = certificates.ownedUnder(primaryPartition).stream().map(StoredCertificate::certificate).toList();
        } else {
            found = certificates.owned().stream().map(StoredCertificate::certificate).toList();
        }
        return ApiResponse.json(200, CertificateWire.json(found.stream()
                .filter(c -> profile == null || profile.equals(c.profile())).toList()));
    }

    /** {@code GET certificates/{id}/}. */
    ApiResponse retrieve(String id) {
        StoredCertificate stored = certificates.find(id).filter(StoredCertificate::owned)
                .orElseThrow(() -> ApiException.notFound("no certificate " + id + " owned by this node"));
        return ApiResponse.json(200, CertificateWire.json(stored.certificate()));
    }

    /** {@code POST certificates/}: signs the client's key under a certificate this node holds the key of. */
    ApiResponse sign(ApiRequest request) {
        CertificateWire.SigningRequest csr = CertificateWire.SigningRequest.read(request.body());
        Map<String, String> params = new LinkedHashMap<>();
        try {
            ScopeParams.parse(csr.scopeParams()).forEach((k, v) -> {
                if (v != null) {
                    params.put(k, String.valueOf(v));
                }
            });
        } catch (RuntimeException e) {
            throw ApiException.badRequest("scope_params is not a JSON object of parameters: " + e.getMessage());
        }
        authorize(request, csr, params);
        StoredCertificate parent = certificates.find(csr.parentId()).orElseThrow(() -> ApiException.badRequest(
                "parent certificate " + csr.parentId() + " is not known on this node"));
        IssuedCertificate signer = parent.issued().orElseThrow(() -> ApiException.badRequest(
                "this node does not hold the private key of parent certificate " + csr.parentId()
                        + " and cannot sign under it"));
        if (!parent.certificate().profile().equals(csr.profile())) {
            throw ApiException.badRequest("profile '" + csr.profile() + "' differs from the parent's '"
                    + parent.certificate().profile() + "'");
        }
        var definition = certificates.scopeDefinitions().find(csr.scopeDefinitionId()).orElseThrow(() ->
                ApiException.badRequest("scope definition '" + csr.scopeDefinitionId() + "' is not known on this node"));
        if (definition.version() != csr.scopeVersion()) {
            throw ApiException.badRequest("scope_version " + csr.scopeVersion() + " differs from the version "
                    + definition.version() + " of scope definition '" + csr.scopeDefinitionId() + "'");
        }
        Certificate issued;
        try {
            issued = CertificateIssuer.child(signer, csr.profile(), csr.scopeDefinitionId(), csr.scopeVersion(),
                    csr.scopeParams(), csr.publicKey(), CertificateIssuer.newSalt());
            List<CertificateChainEntry> chain = new ArrayList<>();
            for (Certificate c : certificates.ancestors(csr.parentId())) {
                chain.add(new CertificateChainEntry(c.id(), c.serialized(), c.signature()));
            }
            chain.add(new CertificateChainEntry(issued.id(), issued.serialized(), issued.signature()));
            certificates.saveChain(chain, issued.id());
        } catch (CertificateVerificationException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cannot issue the certificate: " + e.getMessage());
        }
        return ApiResponse.json(201, CertificateWire.json(issued));
    }

    /** The profile's authorizer decides on the Basic credentials; 401 or 403 when it does not grant. */
    private void authorize(ApiRequest request, CertificateWire.SigningRequest csr, Map<String, String> params) {
        BasicAuth credentials = BasicAuth.of(request.header("Authorization"));
        CertificateAuthorizer authorizer = authorizers.apply(csr.profile()).orElseThrow(() -> ApiException.forbidden(
                "this node issues no certificates of profile '" + csr.profile() + "'"));
        Authorization decision;
        try {
            decision = authorizer.authorize(credentials.username(), credentials.password(), credentials.arguments(),
                    csr.scopeDefinitionId(), Map.copyOf(params));
        } finally {
            Arrays.fill(credentials.password(), '\0');
        }
        if (decision.outcome() == Authorization.Outcome.BAD_CREDENTIALS) {
            throw BasicAuth.refusal(decision.reason().isEmpty() ? "invalid username or password" : decision.reason());
        }
        if (decision.outcome() != Authorization.Outcome.GRANTED) {
            throw ApiException.forbidden(decision.reason().isEmpty()
                    ? "not allowed to obtain a certificate of scope " + csr.scopeDefinitionId() : decision.reason());
        }
    }
}
