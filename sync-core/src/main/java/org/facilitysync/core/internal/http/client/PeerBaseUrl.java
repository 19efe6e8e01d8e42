package org.facilitysync.core.internal.http.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The base URL of a peer as an operator names it (Kolibri's {@code --baseurl}), checked before any call. */
final class PeerBaseUrl {

    private PeerBaseUrl() {
    }

    /**
     * The peer's base URL as an operator gives it, checked (absolute http(s), a host, no query or fragment)
     * and ending with {@code /}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static URI of(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the peer's base URL is missing");
        }
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' must not have a query or fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
    }
}
