package org.facilitysync.core.internal.http.client;

/**
 * The peer's answer to {@code POST syncsessions/}.
 *
 * @param signature the server's signature of {@code "{nonce}:{id}"}, to verify with the server certificate
 * @param serverInstance the server's instance row as a JSON string, verbatim
 */
public record SyncSessionOpened(String signature, String serverInstance) {
}
