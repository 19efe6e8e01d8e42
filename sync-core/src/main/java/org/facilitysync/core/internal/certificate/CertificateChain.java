package org.facilitysync.core.internal.certificate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.facilitysync.core.internal.certificate.CertificateVerificationException.Rule;

/**
 * Verifies a received certificate chain (Morango's {@code Certificate.save_certificate_chain},
 * without the saving): the walk starts at the LAST certificate; a certificate the node already
 * trusts ends it; otherwise its parent (the previous element, which must be the certificate it
 * names) is handled first, the first element must be a root, and then the certificate is {@link
 * CertificateChecks checked}. Each certificate is rebuilt from its signed {@code serialized} text,
 * whose id must equal the id beside it.
 */
public final class CertificateChain {

    private CertificateChain() {
    }

    /**
     * The outcome: the chain's last certificate, and the certificates newly verified (root side
     * first), which the caller stores in that order.
     */
    public record Verified(Certificate last, List<Certificate> newlyVerified) {
    }

    /**
     * Verifies a chain.
     *
     * @param chain the received certificates, root first
     * @param expectedLastId the id the last certificate must have (e.g. the client certificate id of
     *     a sync session), or null
     * @param trusted the certificates this node already trusts, by id
     * @throws CertificateVerificationException naming the first certificate that failed and why
     */
    public static Verified verify(List<CertificateChainEntry> chain, String expectedLastId,
                                  Function<String, Optional<Certificate>> trusted, ScopeDefinitions scopeDefinitions) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(scopeDefinitions, "scopeDefinitions");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        Map<String, Certificate> verified = new LinkedHashMap<>();
        Certificate last = verifyUpTo(chain, chain.size(), expectedLastId, trusted, scopeDefinitions, verified);
        return new Verified(last, List.copyOf(verified.values()));
    }

    private static Certificate verifyUpTo(List<CertificateChainEntry> chain, int length, String expectedId,
                                          Function<String, Optional<Certificate>> trusted,
                                          ScopeDefinitions scopeDefinitions, Map<String, Certificate> verified) {
        CertificateChainEntry entry = chain.get(length - 1);
        Certificate certificate = CertificateSerialization.fromSerialized(entry.serialized(), entry.signature());
        if (!entry.id().equals(certificate.id())) {
            throw new CertificateVerificationException(certificate.id(), Rule.OUTER_ID_MISMATCH,
                    "chain element " + (length - 1) + " is labelled " + entry.id());
        }
        if (expectedId != null && !expectedId.isEmpty() && !expectedId.equals(certificate.id())) {
            throw new CertificateVerificationException(certificate.id(), Rule.UNEXPECTED_ID,
                    "chain element " + (length - 1) + " should be certificate " + expectedId);
        }
        Optional<Certificate> known = lookup(certificate.id(), trusted, verified);
        if (known.isPresent()) {
            return known.get();
        }
        if (length > 1) {
            verifyUpTo(chain, length - 1, certificate.parentId(), trusted, scopeDefinitions, verified);
        } else if (!certificate.isRoot()) {
            throw new CertificateVerificationException(certificate.id(), Rule.CHAIN_NOT_ROOTED,
                    "First cert in chain must be a root cert (no parent), but it names parent " + certificate.parentId());
        }
        Certificate parent = certificate.isRoot() ? null
                : lookup(certificate.parentId(), trusted, verified).orElse(null);
        CertificateChecks.check(certificate, parent, scopeDefinitions);
        verified.put(certificate.id(), certificate);
        return certificate;
    }

    private static Optional<Certificate> lookup(String id, Function<String, Optional<Certificate>> trusted,
                                                Map<String, Certificate> verified) {
        Certificate justVerified = verified.get(id);
        return justVerified != null ? Optional.of(justVerified) : trusted.apply(id);
    }
}
