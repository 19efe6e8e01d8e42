package org.facilitysync.core.internal.http.server;

import org.facilitysync.core.internal.trust.NonceStore;
import org.facilitysync.core.internal.wire.Nonce;
import org.facilitysync.core.internal.wire.WireTimestamps;

/** {@code POST nonces/}: a fresh single-use nonce for a sync-session handshake, bound to the client's address. */
final class NonceResource {

    private final NonceStore nonces;

    NonceResource(NonceStore nonces) {
        this.nonces = nonces;
    }

    ApiResponse issue(ApiRequest request) {
        var nonce = nonces.issue(request.remoteAddress());
        return ApiResponse.json(201, new Nonce(nonce.id(), WireTimestamps.format(nonce.timestamp()), nonce.ip()).json());
    }
}
