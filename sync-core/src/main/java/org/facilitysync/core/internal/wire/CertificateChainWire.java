package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * A certificate chain: the {@code certificate_chain} string of a sync session request ({@code json.dumps}
 * of the certificates' API objects, root first), or a server's list answer of certificates
 * ({@code certificates/?ancestors_of=}), read into the entries a chain is verified from.
 */
public final class CertificateChainWire {

    private CertificateChainWire() {
    }

    /** The syncsession {@code certificate_chain} string for a chain, root first. */
    public static String chainString(List<Certificate> chain) {
        List<Map<String, Object>> items = new ArrayList<>();
        chain.forEach(c -> items.add(CertificateWire.toApi(c)));
        return PythonJson.dumps(items);
    }

    /** The chain entries of a {@code certificate_chain} string or an API list response body. */
    public static List<CertificateChainEntry> parseChain(String json) {
        JsonNode root;
        try {
            root = WireJson.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("certificate chain is not valid JSON", e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is not a non-empty JSON list");
        }
        List<CertificateChainEntry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            entries.add(CertificateWire.entry(root.get(i), "certificate chain element " + i));
        }
        return entries;
    }
}
