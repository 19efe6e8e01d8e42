package org.facilitysync.core.internal.certificate;

import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.CertificateWire;
import static org.facilitysync.core.internal.certificate.CertificateVectors.scopeDefinition;
import static org.facilitysync.core.internal.certificate.CertificateVectors.scopeDefinitions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Certificates we generate go through the same parsing and verification as Morango's. */
class FreshCertificatesTest {

    @Test
    void aFreshRootChildAndGrandchildVerifyAsAChain() {
        IssuedCertificate root = CertificateIssuer.root(scopeDefinition("root_scope"), Map.of());
        String rootId = root.certificate().id();
        assertNull(root.certificate().parentId());
        assertEquals("{\"user\": \"" + rootId + "\"}", root.certificate().scopeParams());
        assertEquals(CertificateId.of(root.key().publicKeyString(), "facilitydata", ""), rootId);

        Map<String, Object> subsetParams = new LinkedHashMap<>();
        subsetParams.put("user", rootId);
        subsetParams.put("sub", "user");
        // a child made directly on the node (salt "") and a CSR-style grandchild (random salt)
        RsaKey childKey = RsaKey.generate();
        Certificate child = CertificateIssuer.child(root, "facilitydata", "subset_scope", 1,
                ScopeParams.write(subsetParams), childKey.publicKeyString(), "");
        IssuedCertificate ownedChild = new IssuedCertificate(child, childKey);
        RsaKey grandchildKey = RsaKey.generate();
        Certificate grandchild = CertificateIssuer.child(ownedChild, "facilitydata", "subset_scope", 1,
                ScopeParams.write(subsetParams), grandchildKey.publicKeyString(), CertificateIssuer.newSalt());
        assertTrue(grandchild.salt().matches("[0-9a-f]{32}"));

        // sent and received as Morango does: a chain string, rebuilt from the signed texts only
        String chainString = CertificateChainWire.chainString(List.of(root.certificate(), child, grandchild));
        CertificateChain.Verified verified = CertificateChain.verify(CertificateChainWire.parseChain(chainString),
                grandchild.id(), id -> Optional.empty(), scopeDefinitions());
        assertEquals(List.of(root.certificate(), child, grandchild), verified.newlyVerified());

        Scope scope = CertificateChecks.scopeOf(grandchild, scopeDefinitions());
        assertEquals(List.of(rootId), scope.readFilter().partitions());
        assertEquals(List.of(rootId + ":user"), scope.writeFilter().partitions());

        // the owner's stored key comes back as the same key
        RsaKey reread = RsaKey.fromPrivateKeyPem(grandchildKey.privateKeyPem().orElseThrow());
        assertEquals(grandchild.publicKeyString(), reread.publicKeyString());
        String nonce = "0123456789abcdef0123456789abcdef";
        String session = "fedcba9876543210fedcba9876543210";
        assertTrue(NonceHandshake.verify(grandchild, nonce, session, NonceHandshake.sign(reread, nonce, session)));
        assertFalse(NonceHandshake.verify(child, nonce, session, NonceHandshake.sign(reread, nonce, session)));
    }

    @Test
    void aRecordedCertificateChainAcceptsOurChildUnderTheServersSubsetCertificate() {
        IssuedCertificate subset = CertificateVectors.owned("child_subset");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("user", CertificateVectors.byRole("root").path("id").asText());
        params.put("sub", "user");
        Certificate ours = CertificateIssuer.child(subset, "facilitydata", "subset_scope", 1, ScopeParams.write(params),
                RsaKey.generate().publicKeyString(), CertificateIssuer.newSalt());
        CertificateChain.Verified verified = CertificateChain.verify(List.of(
                        CertificateVectors.entry(CertificateVectors.byRole("root")),
                        CertificateVectors.entry(CertificateVectors.byRole("child_subset")),
                        new CertificateChainEntry(ours.id(), ours.serialized(), ours.signature())),
                ours.id(), id -> Optional.empty(), scopeDefinitions());
        assertEquals(ours, verified.last());
    }

    @Test
    void rootsNeedAPrimaryScopeParamKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateIssuer.root(scopeDefinition("subset_scope"), Map.of()));
        assertTrue(e.getMessage().contains("'subset_scope'"), e.getMessage());
    }
}
