package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a node says about itself ({@code GET morangoinfo/1/}): written by the server, read by the client.
 *
 * @param instanceId the node's Morango instance id
 * @param instanceHash its proquint short name
 * @param systemOs its operating system
 * @param version its Morango version
 * @param capabilities what it announces (empty for peers older than capability negotiation)
 */
public record MorangoInfo(String instanceId, String instanceHash, String systemOs, String version,
        Set<String> capabilities) {

    private static final String INSTANCE_HASH = "instance_hash", INSTANCE_ID = "instance_id";
    private static final String SYSTEM_OS = "system_os", VERSION = "version", CAPABILITIES = "capabilities";

    public MorangoInfo {
        capabilities = Set.copyOf(capabilities);
    }

    /** Whether the peer announces {@code capability}. */
    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /**
     * The answer's JSON: the application's fields first (Kolibri's), then Morango's, capabilities sorted.
     */
    public String json(Map<String, Object> applicationFields) {
        Map<String, Object> info = new LinkedHashMap<>(applicationFields);
        info.putAll(WireJson.fields(INSTANCE_HASH, instanceHash, INSTANCE_ID, instanceId, SYSTEM_OS, systemOs,
                VERSION, version, CAPABILITIES, new ArrayList<>(new TreeSet<>(capabilities))));
        return WireJson.write(info);
    }

    /**
     * The peer's answer.
     *
     * @throws IllegalArgumentException when it has no instance id
     */
    public static MorangoInfo read(JsonNode json) {
        String instanceId = json.path(INSTANCE_ID).asText("");
        if (instanceId.isEmpty()) {
            throw new IllegalArgumentException("the answer has no " + INSTANCE_ID);
        }
        Set<String> capabilities = new LinkedHashSet<>();
        json.path(CAPABILITIES).forEach(c -> capabilities.add(c.asText()));
        return new MorangoInfo(instanceId, json.path(INSTANCE_HASH).asText(""), json.path(SYSTEM_OS).asText(""),
                json.path(VERSION).asText(""), capabilities);
    }
}
