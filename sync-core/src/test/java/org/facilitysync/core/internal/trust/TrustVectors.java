package org.facilitysync.core.internal.trust;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.CertificateWire;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.core.internal.certificate.Certificate;

/** {@code certificates.json} for trust-store and server tests: scope definitions, certificates by role, keys. */
public final class TrustVectors {

    private TrustVectors() {
    }

    public static JsonNode file() {
        return load("certificates.json");
    }

    /** The test app's scope definitions (root_scope, subset_scope). */
    public static List<ScopeDefinition> scopeDefinitions() {
        return elements(file().path("scope_definitions")).stream().map(d -> new ScopeDefinition(d.path("id").asText(),
                d.path("profile").asText(), d.path("version").asInt(), d.path("primary_scope_param_key").asText(),
                d.path("description").asText(), d.path("read_filter_template").asText(),
                d.path("write_filter_template").asText(), d.path("read_write_filter_template").asText())).toList();
    }

    public static JsonNode byRole(String role) {
        return elements(file().path("certificates")).stream().filter(c -> c.path("role").asText().equals(role))
                .findFirst().orElseThrow(() -> new AssertionError("no certificate with role " + role));
    }

    public static Certificate certificate(String role) {
        JsonNode api = byRole(role).path("api_json");
        return CertificateSerialization.fromSerialized(api.path("serialized").asText(), api.path("signature").asText());
    }

    public static CertificateChainEntry entry(String role) {
        return CertificateWire.entry(byRole(role).path("api_json"), role);
    }

    public static String privateKeyPem(String role) {
        return byRole(role).path("private_key").asText();
    }

    public static IssuedCertificate owned(String role) {
        return new IssuedCertificate(certificate(role), RsaKey.fromPrivateKeyPem(privateKeyPem(role)));
    }
}
