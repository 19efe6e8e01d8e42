package org.facilitysync.core.internal.http.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.facilitysync.core.internal.identity.PythonJson;

/**
 * The body of {@code POST syncsessions/}, fields in the order Morango's client sends them.
 *
 * @param certificateChain the JSON string of the client's chain (API list, root first)
 * @param connectionPath the base URL the client used to reach the server
 * @param instance the JSON string of the client's instance row
 * @param signature the client certificate's signature of {@code "{nonce}:{id}"}
 */
public record SyncSessionRequest(String id, String serverCertificateId, String clientCertificateId, String profile,
        String certificateChain, String connectionPath, String instance, String nonce, String clientIp,
        String serverIp, String signature) {

    public SyncSessionRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serverCertificateId, "serverCertificateId");
        Objects.requireNonNull(clientCertificateId, "clientCertificateId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(connectionPath, "connectionPath");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(signature, "signature");
    }

    /** The JSON text, as {@code requests} writes it ({@code json.dumps} defaults). */
    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("server_certificate_id", serverCertificateId);
        body.put("client_certificate_id", clientCertificateId);
        body.put("profile", profile);
        body.put("certificate_chain", certificateChain);
        body.put("connection_path", connectionPath);
        body.put("instance", instance);
        body.put("nonce", nonce);
        body.put("client_ip", clientIp);
        body.put("server_ip", serverIp);
        body.put("signature", signature);
        return PythonJson.dumps(body);
    }
}
