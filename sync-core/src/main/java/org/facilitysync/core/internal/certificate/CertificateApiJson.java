package org.facilitysync.core.internal.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * Certificates as Morango's {@code certificates/} API serializes them ({@code id, parent, profile,
 * scope_definition, scope_version, scope_params, public_key, serialized, signature, salt}), and the
 * certificate chain string of a syncsession request ({@code json.dumps} of such a list, root first).
 */
public final class CertificateApiJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CertificateApiJson() {
    }

    /** The API object of a certificate, in Morango's field order. */
    public static Map<String, Object> toApi(Certificate certificate) {
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("id", certificate.id());
        api.put("parent", certificate.parentId());
        api.put("profile", certificate.profile());
        api.put("scope_definition", certificate.scopeDefinitionId());
        api.put("scope_version", certificate.scopeVersion());
        api.put("scope_params", certificate.scopeParams());
        api.put("public_key", certificate.publicKeyString());
        api.put("serialized", certificate.serialized());
        api.put("signature", certificate.signature());
        api.put("salt", certificate.salt());
        return api;
    }

    /** The syncsession {@code certificate_chain} string for a chain, root first. */
    public static String chainString(List<Certificate> chain) {
        List<Map<String, Object>> items = new ArrayList<>();
        chain.forEach(c -> items.add(toApi(c)));
        return PythonJson.dumps(items);
    }

    /** The chain entries of a {@code certificate_chain} string or an API list response body. */
    public static List<CertificateChainEntry> parseChain(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("certificate chain is not valid JSON", e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is not a non-empty JSON list");
        }
        List<CertificateChainEntry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            entries.add(entry(root.get(i), "certificate chain element " + i));
        }
        return entries;
    }

    /** The chain entry of one API object. */
    public static CertificateChainEntry entry(JsonNode api, String where) {
        for (String key : new String[] {"id", "serialized", "signature"}) {
            if (!api.path(key).isTextual()) {
                throw new IllegalArgumentException(where + " has no string \"" + key + "\"");
            }
        }
        return new CertificateChainEntry(api.get("id").textValue(), api.get("serialized").textValue(),
                api.get("signature").textValue());
    }
}
