package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.storage.InstanceIdStore;

/**
 * The sync session resource ({@code syncsessions/}): the client's request that opens one, the server's
 * answer to it, the server's view of an open one, and the instance rows both sides exchange as JSON
 * strings inside them.
 */
public final class SyncSessionWire {

    // the handshake's request
    private static final String ID = "id", PROFILE = "profile", NONCE = "nonce", SIGNATURE = "signature";
    private static final String SERVER_CERTIFICATE_ID = "server_certificate_id",
            CLIENT_CERTIFICATE_ID = "client_certificate_id", CERTIFICATE_CHAIN = "certificate_chain";
    private static final String CONNECTION_PATH = "connection_path", CLIENT_IP = "client_ip", SERVER_IP = "server_ip",
            INSTANCE = "instance";
    // the answer, and an open session as the server shows it
    private static final String SERVER_INSTANCE = "server_instance", CLIENT_INSTANCE = "client_instance";
    private static final String START = "start_timestamp", LAST_ACTIVITY = "last_activity_timestamp",
            ACTIVE = "active", CONNECTION_KIND = "connection_kind";
    private static final String CLIENT_CERTIFICATE = "client_certificate", SERVER_CERTIFICATE = "server_certificate";

    private SyncSessionWire() {
    }

    /**
     * The body of {@code POST syncsessions/}, fields in the order Morango's client sends them.
     *
     * @param certificateChain the JSON string of the client's chain (API list, root first)
     * @param connectionPath the base URL the client used to reach the server
     * @param instance the JSON string of the client's instance row
     * @param signature the client certificate's signature of {@code "{nonce}:{id}"}
     */
    public record Request(String id, String serverCertificateId, String clientCertificateId, String profile,
            String certificateChain, String connectionPath, String instance, String nonce, String clientIp,
            String serverIp, String signature) {

        public Request {
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
        public String json() {
            return PythonJson.dumps(WireJson.fields(ID, id, SERVER_CERTIFICATE_ID, serverCertificateId,
                    CLIENT_CERTIFICATE_ID, clientCertificateId, PROFILE, profile, CERTIFICATE_CHAIN, certificateChain,
                    CONNECTION_PATH, connectionPath, INSTANCE, instance, NONCE, nonce, CLIENT_IP, clientIp,
                    SERVER_IP, serverIp, SIGNATURE, signature));
        }

        /**
         * A client's request as the server reads it; {@code remoteAddress} stands in for a missing client IP.
         *
         * @throws WireFormatException naming the first field that is missing or malformed
         */
        public static Request read(String body, String remoteAddress) {
            WireObject fields = WireObject.of(body);
            String id = fields.morangoId(ID);
            String serverCertificateId = fields.text(SERVER_CERTIFICATE_ID);
            String clientCertificateId = fields.text(CLIENT_CERTIFICATE_ID);
            String profile = fields.text(PROFILE);
            String chain = fields.text(CERTIFICATE_CHAIN);
            String nonce = fields.text(NONCE);
            String signature = fields.text(SIGNATURE);
            String connectionPath = fields.optionalText(CONNECTION_PATH, "");
            String clientIp = fields.optionalText(CLIENT_IP, remoteAddress);
            String serverIp = fields.optionalText(SERVER_IP, "");
            String instance = fields.optionalText(INSTANCE, "{}");
            Request request = new Request(id, serverCertificateId, clientCertificateId, profile, chain,
                    connectionPath, instance, nonce, clientIp, serverIp, signature);
            request.instanceRow(); // refuses an instance that is no JSON object string
            return request;
        }

        /** The {@code id} of the client's instance row, or null when it names none. */
        public String clientInstanceId() {
            JsonNode id = instanceRow().path(ID);
            return id.isTextual() ? id.asText() : null;
        }

        private JsonNode instanceRow() {
            JsonNode row;
            try {
                row = WireJson.read(instance);
            } catch (JsonProcessingException e) {
                throw new WireFormatException("instance is not a JSON object string: " + e.getOriginalMessage());
            }
            if (row == null || !row.isObject()) {
                throw new WireFormatException("instance is not a JSON object string");
            }
            return row;
        }
    }

    /**
     * The server's answer to {@code POST syncsessions/}.
     *
     * @param signature the server's signature of {@code "{nonce}:{id}"}, to verify with the server certificate
     * @param serverInstance the server's instance row as a JSON string, verbatim
     */
    public record Opened(String signature, String serverInstance) {

        /** The answer's JSON. */
        public String json() {
            return WireJson.write(WireJson.fields(SIGNATURE, signature, SERVER_INSTANCE, serverInstance));
        }

        /**
         * The server's answer, as the client reads it.
         *
         * @throws IllegalArgumentException when it has no signature
         */
        public static Opened read(JsonNode json) {
            String signature = json.path(SIGNATURE).asText("");
            if (signature.isEmpty()) {
                throw new IllegalArgumentException("the answer has no " + SIGNATURE);
            }
            return new Opened(signature, json.path(SERVER_INSTANCE).asText("{}"));
        }
    }

    /** An open sync session as Morango's {@code SyncSessionSerializer} renders it ({@code GET syncsessions/{id}/}). */
    public static String json(SyncSessionRow row) {
        return WireJson.write(WireJson.fields(ID, row.id(), START, WireTimestamps.format(row.startTimestamp()),
                LAST_ACTIVITY, WireTimestamps.format(row.lastActivityTimestamp()), ACTIVE, row.active(),
                CLIENT_CERTIFICATE, row.clientCertificateId(), SERVER_CERTIFICATE, row.serverCertificateId(),
                PROFILE, row.profile(), CONNECTION_KIND, row.connectionKind(), CONNECTION_PATH, row.connectionPath(),
                CLIENT_IP, row.clientIp(), SERVER_IP, row.serverIp(), CLIENT_INSTANCE, row.clientInstanceJson(),
                SERVER_INSTANCE, row.serverInstanceJson()));
    }

    /** The server's own instance row, the JSON string of its answer's {@code server_instance}. */
    public static String serverInstance(InstanceIdStore.Instance instance) {
        // Morango's InstanceIDModel fields, as its server sends them
        return PythonJson.dumps(WireJson.fields(ID, instance.id(), "platform", instance.platform(),
                "hostname", instance.hostname(), "sysversion", instance.sysversion(), "node_id", instance.nodeId(),
                "database", instance.databaseId(), "db_path", instance.dbPath(), "system_id", instance.systemId()));
    }

    /** A client's instance row, its id first, then what it tells about itself besides. */
    public static String clientInstance(String instanceId, Map<String, Object> description) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(ID, instanceId);
        description.forEach((k, v) -> {
            if (!k.equals(ID)) {
                row.put(k, v);
            }
        });
        return PythonJson.dumps(row);
    }
}
