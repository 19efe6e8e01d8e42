package org.facilitysync.core.internal.certificate;

import org.facilitysync.api.model.ScopeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.facilitysync.core.internal.certificate.CertificateVerificationException.Rule;

/**
 * The checks a node makes before trusting a certificate (Morango's {@code check_certificate}):
 *
 * <ul>
 *   <li>the id recomputes from public key, profile and salt;</li>
 *   <li>a root verifies with its own key, and every partition of its read and write filters starts
 *       with its id (so a root only speaks for data under itself);</li>
 *   <li>a child verifies with its parent's key, its scope is a subset of the parent's (read within
 *       read, write within write), and its profile is the parent's.</li>
 * </ul>
 */
public final class CertificateChecks {

    private CertificateChecks() {
    }

    /**
     * Checks one certificate.
     *
     * @param parent the parent certificate, already trusted; null for a root
     * @throws CertificateVerificationException naming the certificate and the failed rule
     */
    public static void check(Certificate certificate, Certificate parent, ScopeDefinitions scopeDefinitions) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(scopeDefinitions, "scopeDefinitions");
        String id = certificate.id();
        String expectedId = CertificateId.of(certificate.publicKeyString(), certificate.profile(), certificate.salt());
        if (!id.equals(expectedId)) {
            throw new CertificateVerificationException(id, Rule.ID_INVALID,
                    "Certificate ID is " + id + " but should be " + expectedId);
        }
        Scope scope = scopeOf(certificate, scopeDefinitions);
        if (certificate.isRoot()) {
            if (!certificate.publicKey().verify(certificate.serialized(), certificate.signature())) {
                throw new CertificateVerificationException(id, Rule.SIGNATURE_INVALID,
                        "the signature does not verify with the certificate's own public key (a root is self-signed)");
            }
            for (String partition : rootScopePartitions(scope)) {
                if (!partition.startsWith(id)) {
                    throw new CertificateVerificationException(id, Rule.ROOT_SCOPE_INVALID,
                            "Scope entry '" + partition + "' does not start with primary partition " + id);
                }
            }
            return;
        }
        if (parent == null || !parent.id().equals(certificate.parentId())) {
            throw new CertificateVerificationException(id, Rule.PARENT_UNKNOWN,
                    "parent " + certificate.parentId() + " is not a trusted certificate here");
        }
        if (!parent.publicKey().verify(certificate.serialized(), certificate.signature())) {
            throw new CertificateVerificationException(id, Rule.SIGNATURE_INVALID,
                    "the signature does not verify with the public key of parent " + parent.id());
        }
        Scope parentScope = scopeOf(parent, scopeDefinitions);
        if (!scope.isSubsetOf(parentScope)) {
            throw new CertificateVerificationException(id, Rule.SCOPE_NOT_SUBSET,
                    "read " + scope.readFilter().partitions() + " / write " + scope.writeFilter().partitions()
                            + " is not within parent " + parent.id() + "'s read " + parentScope.readFilter().partitions()
                            + " / write " + parentScope.writeFilter().partitions());
        }
        if (!certificate.profile().equals(parent.profile())) {
            throw new CertificateVerificationException(id, Rule.PROFILE_INVALID,
                    "Certificate profile is " + certificate.profile() + " but parent's is " + parent.profile());
        }
    }

    /** The scope of a certificate from its definition and {@code scope_params}. */
    public static Scope scopeOf(Certificate certificate, ScopeDefinitions scopeDefinitions) {
        ScopeDefinition definition = scopeDefinitions.find(certificate.scopeDefinitionId())
                .orElseThrow(() -> new CertificateVerificationException(certificate.id(), Rule.SCOPE_DEFINITION_UNKNOWN,
                        "this node has no scope definition '" + certificate.scopeDefinitionId() + "'"));
        try {
            return Scope.of(definition, certificate.scopeParams());
        } catch (IllegalArgumentException e) {
            throw new CertificateVerificationException(certificate.id(), Rule.MALFORMED, e.getMessage());
        }
    }

    /**
     * The partitions Morango checks for a root: it concatenates the read and write filter TEXTS,
     * so a filter that is {@code [""]} on its own (an empty template) vanishes next to a non-empty
     * one; only when both are empty is {@code ""} itself checked (and fails).
     */
    private static List<String> rootScopePartitions(Scope scope) {
        List<String> partitions = new ArrayList<>();
        for (String partition : scope.readFilter().partitions()) {
            if (!partition.isEmpty()) {
                partitions.add(partition);
            }
        }
        for (String partition : scope.writeFilter().partitions()) {
            if (!partition.isEmpty()) {
                partitions.add(partition);
            }
        }
        return partitions.isEmpty() ? List.of("") : partitions;
    }
}
