package org.facilitysync.core.internal.http.client;

/**
 * A nonce the peer issued for a sync-session handshake ({@code POST nonces/}): single use, valid 60 s.
 *
 * @param id the nonce, signed with the sync session id
 * @param timestamp when the peer issued it, as it wrote it
 * @param ip the client address the peer saw
 */
public record Nonce(String id, String timestamp, String ip) {
}
