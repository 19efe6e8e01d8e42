package org.facilitysync.core.internal.http.client;

import java.net.URI;

/** A peer's successful answer to a {@link Call}, its body inflated; {@code uri} is where it came from. */
record Response(int status, byte[] body, URI uri, String method) {
}
