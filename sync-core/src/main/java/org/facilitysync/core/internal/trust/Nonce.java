package org.facilitysync.core.internal.trust;

import java.time.Instant;
import java.util.Objects;

/**
 * A handshake nonce (Morango's {@code Nonce}): the client signs {@code "{id}:{sync session id}"} with
 * its certificate's key, and the server accepts that signature once, within {@link NonceStore#LIFETIME}.
 *
 * @param ip the address of the client that asked for it ({@code ""} when unknown)
 */
public record Nonce(String id, Instant timestamp, String ip) {

    public Nonce {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(ip, "ip");
    }
}
