package org.facilitysync.core.internal.certificate;

import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.CertificateWire;
import static org.facilitysync.core.internal.certificate.CertificateVectors.byId;
import static org.facilitysync.core.internal.certificate.CertificateVectors.byRole;
import static org.facilitysync.core.internal.certificate.CertificateVectors.certificate;
import static org.facilitysync.core.internal.certificate.CertificateVectors.entry;
import static org.facilitysync.core.internal.certificate.CertificateVectors.scopeDefinitions;
import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.facilitysync.core.internal.identity.PythonJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every certificate of {@code certificates.json}: the id and the signed text recompute byte for
 * byte, the stored private key reads and writes back byte for byte, the signature re-signs
 * identically and verifies against the signer, the scope filters match, and the chains verify.
 */
class CertificateVectorsTest {

    @TestFactory
    Stream<DynamicTest> everyCertificate() {
        return CertificateVectors.all().stream().map(vector -> dynamicTest(vector.path("role").asText(), () -> {
            JsonNode api = vector.path("api_json");
            Certificate cert = certificate(vector);

            // the model rebuilt from the signed text agrees with the API fields beside it
            assertEquals(vector.path("id").asText(), cert.id());
            assertEquals(api.path("id").asText(), cert.id());
            assertEquals(api.path("parent").isNull() ? null : api.path("parent").asText(), cert.parentId());
            assertEquals(api.path("profile").asText(), cert.profile());
            assertEquals(api.path("salt").asText(), cert.salt());
            assertEquals(api.path("scope_definition").asText(), cert.scopeDefinitionId());
            assertEquals(api.path("scope_version").asInt(), cert.scopeVersion());
            assertEquals(api.path("scope_params").asText(), cert.scopeParams());
            assertEquals(api.path("public_key").asText(), cert.publicKeyString());
            // and the API object we would serve is the same JSON, field order included
            assertEquals(PythonJson.dumps(api), PythonJson.dumps(CertificateWire.toApi(cert)));

            // id derivation
            JsonNode derivation = vector.path("id_derivation");
            List<String> parts = new ArrayList<>(List.of(cert.publicKeyString(), cert.profile()));
            if (!cert.salt().isEmpty()) {
                parts.add(cert.salt());
            }
            assertEquals(derivation.path("input").asText(), String.join(":", parts));
            assertEquals(derivation.path("sha2_uuid").asText(), CertificateId.of(cert.publicKeyString(), cert.profile(), cert.salt()));

            // the signed text, rebuilt from the fields
            String rebuilt = CertificateSerialization.serializedText(cert.id(), cert.parentId(), cert.profile(), cert.salt(),
                    cert.scopeDefinitionId(), cert.scopeVersion(), cert.scopeParams(), cert.publicKeyString());
            assertEquals(api.path("serialized").asText(), rebuilt);
            assertEquals(vector.path("signed_message").asText(), rebuilt);

            // the stored private key, byte for byte, and its public half
            RsaKey own = RsaKey.fromPrivateKeyPem(vector.path("private_key").asText());
            assertEquals(vector.path("private_key").asText(), own.privateKeyPem().orElseThrow());
            assertEquals(vector.path("public_key_derived_from_private_key").asText(), own.publicKeyString());
            assertEquals(cert.publicKeyString(), own.publicKeyString());

            // the signature: the signer re-signs identically and its public key verifies
            JsonNode signer = byId(vector.path("signed_by_certificate").asText());
            assertEquals(cert.isRoot() ? cert.id() : cert.parentId(), signer.path("id").asText());
            RsaKey signerKey = RsaKey.fromPrivateKeyPem(signer.path("private_key").asText());
            assertEquals(vector.path("signature_recomputed_with_signer_private_key").asText(), signerKey.sign(rebuilt));
            assertEquals(api.path("signature").asText(), signerKey.sign(rebuilt));
            assertEquals(vector.path("signature_verifies_with_signer_public_key").asBoolean(),
                    certificate(signer).publicKey().verify(cert.serialized(), cert.signature()));

            // the scope
            Scope scope = CertificateChecks.scopeOf(cert, scopeDefinitions());
            assertEquals(strings(vector.path("scope").path("read_filter")), scope.readFilter().partitions());
            assertEquals(strings(vector.path("scope").path("write_filter")), scope.writeFilter().partitions());

            // the stored row
            JsonNode row = vector.path("db_row_as_stored");
            assertEquals(row.path("id").asText(), cert.id());
            assertEquals(row.path("parent_id").isNull() ? null : row.path("parent_id").asText(), cert.parentId());
            assertEquals(row.path("public_key").asText(), cert.publicKeyString());
            assertEquals(row.path("serialized").asText(), cert.serialized());
            assertEquals(row.path("signature").asText(), cert.signature());
            assertEquals(row.path("scope_params").asText(), cert.scopeParams());

            // the certificate checks pass against its parent
            Certificate parent = cert.isRoot() ? null : certificate(byId(cert.parentId()));
            CertificateChecks.check(cert, parent, scopeDefinitions());
        }));
    }

    @Test
    void syncSessionCertificateChainVerifiesAndRewritesByteForByte() {
        String chainString = CertificateVectors.file().path("syncsession_certificate_chain").path("string").asText();
        List<CertificateChainEntry> chain = CertificateChainWire.parseChain(chainString);
        CertificateChain.Verified verified = CertificateChain.verify(chain, byRole("child_csr").path("id").asText(),
                id -> Optional.empty(), scopeDefinitions());
        assertEquals(byRole("child_csr").path("id").asText(), verified.last().id());
        assertEquals(List.of(byRole("root").path("id").asText(), byRole("child_csr").path("id").asText()),
                verified.newlyVerified().stream().map(Certificate::id).toList());
        assertEquals(chainString, CertificateChainWire.chainString(verified.newlyVerified()));
    }

    @Test
    void grandchildChainVerifiesFromTheRootOrFromATrustedAncestor() {
        List<CertificateChainEntry> chain = List.of(entry(byRole("root")), entry(byRole("child_subset")),
                entry(byRole("grandchild_csr")));
        CertificateChain.Verified all = CertificateChain.verify(chain, null, id -> Optional.empty(), scopeDefinitions());
        assertEquals(3, all.newlyVerified().size());

        Certificate trustedSubset = certificate(byRole("child_subset"));
        CertificateChain.Verified fromTrusted = CertificateChain.verify(chain, null,
                id -> id.equals(trustedSubset.id()) ? Optional.of(trustedSubset) : Optional.empty(), scopeDefinitions());
        assertEquals(List.of(byRole("grandchild_csr").path("id").asText()),
                fromTrusted.newlyVerified().stream().map(Certificate::id).toList(), "the walk stops at a trusted certificate");
    }

    @Test
    void grandchildCsrExchangeIsReproducedBySigningAsTheServer() {
        List<JsonNode> exchanges = elements(CertificateVectors.file().path("grandchild_exchanges"));
        JsonNode ancestors = exchanges.stream().filter(e -> e.path("path").asText().contains("ancestors_of=")).findFirst().orElseThrow();
        JsonNode csr = exchanges.stream().filter(e -> e.path("method").asText().equals("POST")).findFirst().orElseThrow();
        JsonNode request = csr.path("request_body");
        JsonNode response = csr.path("response_body");
        assertEquals(201, csr.path("status").asInt());

        // the client verifies the parent's chain, then the signed response under it
        List<CertificateChainEntry> chain = new ArrayList<>(
                CertificateChainWire.parseChain(PythonJson.dumps(ancestors.path("response_body"))));
        chain.add(CertificateWire.entry(response, "CSR response"));
        CertificateChain.Verified verified = CertificateChain.verify(chain, response.path("id").asText(),
                id -> Optional.empty(), scopeDefinitions());
        assertEquals(request.path("public_key").asText(), verified.last().publicKeyString());

        // as the server: same parent key, same salt -> the same id, text and signature (signing is deterministic)
        Certificate issued = CertificateIssuer.child(CertificateVectors.owned("child_subset"), request.path("profile").asText(),
                request.path("scope_definition").asText(), request.path("scope_version").asInt(),
                request.path("scope_params").asText(), request.path("public_key").asText(), response.path("salt").asText());
        assertEquals(response.path("id").asText(), issued.id());
        assertEquals(response.path("serialized").asText(), issued.serialized());
        assertEquals(response.path("signature").asText(), issued.signature());
        assertEquals(PythonJson.dumps(response), PythonJson.dumps(CertificateWire.toApi(issued)));
    }

    @Test
    void descriptionsSubstituteScopeParams() {
        Certificate root = certificate(byRole("root"));
        assertEquals("Root cert for " + root.id() + ".",
                Scope.description(CertificateVectors.scopeDefinition("root_scope"), root.scopeParams()));
        assertEquals("Subset cert under " + root.id() + " for :user.",
                Scope.description(CertificateVectors.scopeDefinition("subset_scope"),
                        certificate(byRole("child_csr")).scopeParams()));
        assertNull(root.parentId());
    }
}
