package org.facilitysync.core.internal.http.client;

import java.util.Set;

/**
 * What a peer says about itself ({@code GET morangoinfo/1/}).
 *
 * @param instanceId the peer's Morango instance id
 * @param instanceHash its proquint short name
 * @param systemOs its operating system
 * @param version its Morango version
 * @param capabilities what it announces (empty for peers older than capability negotiation)
 */
public record MorangoInfo(String instanceId, String instanceHash, String systemOs, String version,
        Set<String> capabilities) {

    public MorangoInfo {
        capabilities = Set.copyOf(capabilities);
    }

    /** Whether the peer announces {@code capability}. */
    public boolean has(String capability) {
        return capabilities.contains(capability);
    }
}
