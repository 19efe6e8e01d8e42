package org.facilitysync.core.internal.http.client;

import org.facilitysync.core.internal.wire.ErrorDetail;

/**
 * What a peer's error body says, in one line; the error resource is {@link ErrorDetail}'s. Kept as the
 * transport's name for it (the transport is being split out of {@code MorangoHttpClient} in parallel).
 */
final class ServerMessage {

    private ServerMessage() {
    }

    /** The message, or null when the body is empty. */
    static String of(String body) {
        return ErrorDetail.describe(body);
    }
}
