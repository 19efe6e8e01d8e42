package org.facilitysync.core.internal.certificate;

import static org.facilitysync.core.internal.certificate.CertificateVectors.byRole;
import static org.facilitysync.core.internal.certificate.CertificateVectors.certificate;
import static org.facilitysync.core.internal.certificate.CertificateVectors.entry;
import static org.facilitysync.core.internal.certificate.CertificateVectors.scopeDefinitions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitysync.core.internal.certificate.CertificateVerificationException.Rule;
import org.junit.jupiter.api.Test;

/**
 * Tampered copies of the recorded certificates, and certificates we issue that break a rule: each
 * is refused with an exception naming the certificate and the rule.
 */
class CertificateRejectionTest {

    private static final String ROOT = byRole("root").path("id").asText();
    private static final String CHILD = byRole("child_csr").path("id").asText();

    private static CertificateVerificationException refused(List<CertificateChainEntry> chain) {
        return assertThrows(CertificateVerificationException.class,
                () -> CertificateChain.verify(chain, null, id -> Optional.empty(), scopeDefinitions()));
    }

    private static void assertRefused(CertificateVerificationException e, String id, Rule rule, String messagePart) {
        assertEquals(id, e.certificateId(), e.getMessage());
        assertEquals(rule, e.rule(), e.getMessage());
        assertTrue(e.getMessage().startsWith("certificate " + id + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void widenedScopeParamsBreakTheParentsSignature() {
        CertificateChainEntry child = entry(byRole("child_csr"));
        String tampered = child.serialized().replace("\\\"sub\\\": \\\"user\\\"", "\\\"sub\\\": \\\"\\\"");
        assertTrue(!tampered.equals(child.serialized()));
        CertificateVerificationException e = refused(List.of(entry(byRole("root")),
                new CertificateChainEntry(child.id(), tampered, child.signature())));
        assertRefused(e, CHILD, Rule.SIGNATURE_INVALID, "public key of parent " + ROOT);
    }

    @Test
    void aChangedIdDoesNotRecompute() {
        CertificateChainEntry child = entry(byRole("child_csr"));
        String forged = "0".repeat(32);
        CertificateVerificationException e = refused(List.of(entry(byRole("root")),
                new CertificateChainEntry(forged, child.serialized().replace(CHILD, forged), child.signature())));
        assertRefused(e, forged, Rule.ID_INVALID, "should be " + CHILD);
    }

    @Test
    void theOuterIdMustBeTheSignedId() {
        CertificateChainEntry child = entry(byRole("child_csr"));
        CertificateVerificationException e = refused(List.of(entry(byRole("root")),
                new CertificateChainEntry(byRole("child_subset").path("id").asText(), child.serialized(), child.signature())));
        assertRefused(e, CHILD, Rule.OUTER_ID_MISMATCH, "labelled");
    }

    @Test
    void aChainMustStartAtARoot() {
        CertificateVerificationException e = refused(List.of(entry(byRole("child_csr"))));
        assertRefused(e, CHILD, Rule.CHAIN_NOT_ROOTED, "names parent " + ROOT);
    }

    @Test
    void aParentMustBeTheCertificateTheChildNames() {
        // the grandchild was signed by child_subset; child_csr in its place is refused before anything else
        CertificateVerificationException e = refused(List.of(entry(byRole("child_csr")), entry(byRole("grandchild_csr"))));
        assertRefused(e, CHILD, Rule.UNEXPECTED_ID, "should be certificate " + byRole("child_subset").path("id").asText());
    }

    @Test
    void aRootWithAForeignSignatureIsRefused() {
        CertificateChainEntry root = entry(byRole("root"));
        CertificateVerificationException e = refused(List.of(
                new CertificateChainEntry(root.id(), root.serialized(), entry(byRole("child_csr")).signature())));
        assertRefused(e, ROOT, Rule.SIGNATURE_INVALID, "self-signed");
    }

    @Test
    void aRootScopeMustLieUnderItsOwnId() {
        // extra params override the primary one: the scope then names someone else's partition
        IssuedCertificate root = CertificateIssuer.root(CertificateVectors.scopeDefinition("root_scope"), Map.of("user", ROOT));
        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> CertificateChecks.check(root.certificate(), null, scopeDefinitions()));
        assertRefused(e, root.certificate().id(), Rule.ROOT_SCOPE_INVALID, "'" + ROOT + "' does not start with primary partition");
    }

    @Test
    void aChildScopeMustBeASubsetOfItsParents() {
        // under the subset certificate (write <root>:user), a child asking for write <root>:other
        IssuedCertificate subset = CertificateVectors.owned("child_subset");
        RsaKey childKey = RsaKey.generate();
        Certificate wider = CertificateIssuer.child(subset, "facilitydata", "subset_scope", 1,
                ScopeParams.write(orderedParams("user", ROOT, "sub", "other")),
                childKey.publicKeyString(), CertificateIssuer.newSalt());
        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> CertificateChecks.check(wider, subset.certificate(), scopeDefinitions()));
        assertRefused(e, wider.id(), Rule.SCOPE_NOT_SUBSET, ROOT + ":other");
    }

    private static Map<String, Object> orderedParams(String... keysAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    @Test
    void aChildMustHaveItsParentsProfile() {
        IssuedCertificate root = CertificateVectors.owned("root");
        Certificate other = CertificateIssuer.child(root, "otherprofile", "subset_scope", 1,
                certificate(byRole("child_csr")).scopeParams(), RsaKey.generate().publicKeyString(), "");
        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> CertificateChecks.check(other, root.certificate(), scopeDefinitions()));
        assertRefused(e, other.id(), Rule.PROFILE_INVALID, "Certificate profile is otherprofile but parent's is facilitydata");
    }

    @Test
    void anUnknownScopeDefinitionIsNamed() {
        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> CertificateChecks.check(certificate(byRole("root")), null, id -> Optional.empty()));
        assertRefused(e, ROOT, Rule.SCOPE_DEFINITION_UNKNOWN, "'root_scope'");
    }

    @Test
    void malformedSerializedTextIsNamed() {
        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> CertificateSerialization.fromSerialized("{\"id\": \"abc\", \"parent_id\": null}", "x"));
        assertRefused(e, "abc", Rule.MALFORMED, "\"profile\"");
    }
}
