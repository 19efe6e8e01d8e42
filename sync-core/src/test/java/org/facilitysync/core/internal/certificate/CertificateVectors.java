package org.facilitysync.core.internal.certificate;

import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.core.internal.wire.CertificateWire;
import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Access to {@code certificates.json}: scope definitions, certificates by role, their keys. */
final class CertificateVectors {

    private CertificateVectors() {
    }

    static JsonNode file() {
        return load("certificates.json");
    }

    static ScopeDefinitions scopeDefinitions() {
        Map<String, ScopeDefinition> byId = new HashMap<>();
        for (JsonNode d : elements(file().path("scope_definitions"))) {
            byId.put(d.path("id").asText(), new ScopeDefinition(d.path("id").asText(), d.path("profile").asText(),
                    d.path("version").asInt(), d.path("primary_scope_param_key").asText(), d.path("description").asText(),
                    d.path("read_filter_template").asText(), d.path("write_filter_template").asText(),
                    d.path("read_write_filter_template").asText()));
        }
        return id -> Optional.ofNullable(byId.get(id));
    }

    static ScopeDefinition scopeDefinition(String id) {
        return scopeDefinitions().find(id).orElseThrow();
    }

    static List<JsonNode> all() {
        return elements(file().path("certificates"));
    }

    static JsonNode byRole(String role) {
        return all().stream().filter(c -> c.path("role").asText().equals(role)).findFirst()
                .orElseThrow(() -> new AssertionError("no certificate with role " + role));
    }

    static JsonNode byId(String id) {
        return all().stream().filter(c -> c.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no certificate " + id));
    }

    /** The certificate as a receiver rebuilds it from the API object. */
    static Certificate certificate(JsonNode vector) {
        JsonNode api = vector.path("api_json");
        return CertificateSerialization.fromSerialized(api.path("serialized").asText(), api.path("signature").asText());
    }

    static CertificateChainEntry entry(JsonNode vector) {
        return CertificateWire.entry(vector.path("api_json"), vector.path("role").asText());
    }

    /** The certificate with its stored private key, as its owner has it. */
    static IssuedCertificate owned(String role) {
        JsonNode vector = byRole(role);
        return new IssuedCertificate(certificate(vector), RsaKey.fromPrivateKeyPem(vector.path("private_key").asText()));
    }
}
