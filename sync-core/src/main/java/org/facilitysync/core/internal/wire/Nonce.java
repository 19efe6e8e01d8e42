package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A nonce a server issued for a sync-session handshake ({@code POST nonces/}): single use, valid 60 s.
 * Written by the server, read by the client.
 *
 * @param id the nonce, signed with the sync session id
 * @param timestamp when the server issued it, as it wrote it
 * @param ip the client address the server saw
 */
public record Nonce(String id, String timestamp, String ip) {

    private static final String ID = "id", TIMESTAMP = "timestamp", IP = "ip";

    /** The answer's JSON. */
    public String json() {
        return WireJson.write(WireJson.fields(ID, id, TIMESTAMP, timestamp, IP, ip));
    }

    /**
     * The server's answer.
     *
     * @throws IllegalArgumentException when it has no nonce id
     */
    public static Nonce read(JsonNode json) {
        String id = json.path(ID).asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the answer has no nonce id");
        }
        return new Nonce(id, json.path(TIMESTAMP).asText(null), json.path(IP).asText(null));
    }
}
