package org.facilitysync.core.internal.certificate;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of {@code signatures.json}: keys, signatures (identical bytes), handshakes, negatives. */
class SignatureVectorsTest {

    private static final String SPKI_PREFIX_2048 = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A";

    private static JsonNode signatures() {
        return load("signatures.json");
    }

    private static RsaKey key(String name) {
        return RsaKey.fromPrivateKeyPem(signatures().path("keys").path(name).path("private_key").asText());
    }

    @TestFactory
    Stream<DynamicTest> keysReadAndWriteBackByteForByte() {
        return List.of("root", "child_csr").stream().map(name -> dynamicTest(name, () -> {
            JsonNode stored = signatures().path("keys").path(name);
            RsaKey key = RsaKey.fromPrivateKeyPem(stored.path("private_key").asText());
            assertEquals(stored.path("private_key").asText(), key.privateKeyPem().orElseThrow());
            assertEquals(stored.path("public_key").asText(), key.publicKeyString());
            assertEquals(stored.path("public_key").asText(),
                    PublicKeyString.normalize(SPKI_PREFIX_2048 + stored.path("public_key").asText()),
                    "the SubjectPublicKeyInfo form is accepted and normalized");
        }));
    }

    @TestFactory
    Stream<DynamicTest> signGivesIdenticalBytesAndVerifies() {
        List<JsonNode> vectors = elements(signatures().path("vectors"));
        return vectors.stream().map(v -> dynamicTest(v.path("key").asText() + " signs "
                + v.path("message_utf8_bytes").asInt() + " bytes", () -> {
            String message = v.path("message").asText();
            RsaKey key = key(v.path("key").asText());
            assertEquals(v.path("message_utf8_bytes").asInt(), message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertEquals(v.path("signature").asText(), key.sign(message));
            assertEquals(v.path("verifies").asBoolean(), key.verify(message, v.path("signature").asText()));
            RsaKey publicOnly = RsaKey.fromPublicKeyString(signatures().path("keys").path(v.path("key").asText())
                    .path("public_key").asText());
            assertTrue(publicOnly.verify(message, v.path("signature").asText()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> verifyVectorsIncludingNegatives() {
        return elements(signatures().path("verify_vectors")).stream().map(v -> dynamicTest(v.path("case").asText(), () -> {
            RsaKey key = RsaKey.fromPublicKeyString(v.path("public_key").asText());
            assertEquals(v.path("verifies").asBoolean(), key.verify(v.path("message").asText(), v.path("signature").asText()));
            // the SPKI-prefixed form of the same key gives the same verdict
            RsaKey spki = RsaKey.fromPublicKeyString(SPKI_PREFIX_2048 + v.path("public_key").asText());
            assertEquals(v.path("verifies").asBoolean(), spki.verify(v.path("message").asText(), v.path("signature").asText()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> nonceHandshakesOfTheTranscripts() {
        return elements(signatures().path("nonce_handshakes")).stream().map(h -> dynamicTest(h.path("seen_in").asText(), () -> {
            String nonce = h.path("nonce").asText();
            String session = h.path("sync_session_id").asText();
            assertEquals(h.path("message").asText(), NonceHandshake.message(nonce, session));
            Certificate client = CertificateVectors.certificate(CertificateVectors.byId(h.path("client_certificate_id").asText()));
            Certificate server = CertificateVectors.certificate(CertificateVectors.byId(h.path("server_certificate_id").asText()));
            RsaKey clientKey = RsaKey.fromPrivateKeyPem(CertificateVectors.byId(client.id()).path("private_key").asText());
            RsaKey serverKey = RsaKey.fromPrivateKeyPem(CertificateVectors.byId(server.id()).path("private_key").asText());
            assertEquals(h.path("client_signature_in_request").asText(), NonceHandshake.sign(clientKey, nonce, session));
            assertEquals(h.path("server_signature_in_response").asText(), NonceHandshake.sign(serverKey, nonce, session));
            assertTrue(NonceHandshake.verify(client, nonce, session, h.path("client_signature_in_request").asText()));
            assertTrue(NonceHandshake.verify(server, nonce, session, h.path("server_signature_in_response").asText()));
            // a signature for another session, or by the other side, is refused
            assertFalse(NonceHandshake.verify(client, nonce, session + "0", h.path("client_signature_in_request").asText()));
            assertFalse(NonceHandshake.verify(server, nonce, session, h.path("client_signature_in_request").asText()));
        }));
    }

    @Test
    void garbageSignaturesDoNotVerify() {
        RsaKey key = key("root");
        assertFalse(key.verify("hello", ""));
        assertFalse(key.verify("hello", "AAAA"));
        assertFalse(key.verify("hello", null));
    }

    @Test
    void aPublicOnlyKeyCannotSign() {
        RsaKey key = RsaKey.fromPublicKeyString(signatures().path("keys").path("root").path("public_key").asText());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> key.sign("x"));
        assertTrue(e.getMessage().contains("no private key"), e.getMessage());
    }

    @Test
    void malformedKeysSayWhatIsWrong() {
        IllegalArgumentException publicKey = assertThrows(IllegalArgumentException.class,
                () -> PublicKeyString.parse("MIIBCgKCAQEAx3xX"));
        assertTrue(publicKey.getMessage().startsWith("public key string is not an RSA public key"), publicKey.getMessage());
        IllegalArgumentException privateKey = assertThrows(IllegalArgumentException.class,
                () -> PrivateKeyPem.parse("-----BEGIN RSA PRIVATE KEY-----\nMIIBCgKCAQEA\n-----END RSA PRIVATE KEY-----\n"));
        assertTrue(privateKey.getMessage().contains("private key"), privateKey.getMessage());
    }

    @Test
    void freshKeysRoundTripAndSign() {
        RsaKey fresh = RsaKey.generate();
        String pem = fresh.privateKeyPem().orElseThrow();
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n") && pem.endsWith("\n-----END RSA PRIVATE KEY-----\n"));
        for (String line : pem.split("\n")) {
            assertTrue(line.length() <= 64, "PEM lines are at most 64 characters");
        }
        RsaKey reread = RsaKey.fromPrivateKeyPem(pem);
        assertEquals(pem, reread.privateKeyPem().orElseThrow());
        assertTrue(fresh.publicKeyString().startsWith("MIIBCgKCAQEA") && fresh.publicKeyString().endsWith("IDAQAB"));
        String signature = reread.sign("hello");
        assertEquals(signature, fresh.sign("hello"));
        assertTrue(RsaKey.fromPublicKeyString(fresh.publicKeyString()).verify("hello", signature));
    }
}
