package org.facilitysync.core.internal.http.client;

import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Which redirects a call follows: only within the same scheme, host and port, since the peer's answer would
 * otherwise come from a host the operator did not name; a 301, 302 or 303 only for a GET, since it would turn
 * any other request into a GET; at most {@value #MAX_REDIRECTS} per call. Anything else ends the call with a
 * {@link MorangoHttpException} that says why.
 */
final class Redirects {

    static final int MAX_REDIRECTS = 5;

    private Redirects() {
    }

    /**
     * Where the redirect {@code response} to {@code from} leads.
     *
     * @param redirects the redirects of this call so far, this one included
     */
    static URI target(Call call, URI from, HttpResponse<?> response, int redirects) {
        String location = response.headers().firstValue("Location").orElse(null);
        int status = response.statusCode();
        if (location == null) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " answered " + status + " without a Location to go to", null);
        }
        URI target = from.resolve(location);
        if (!sameOrigin(from, target)) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " redirects to another host (" + target + "); refused: sync only with the peer you named", null);
        }
        boolean keepsMethod = status == 307 || status == 308;
        if (!keepsMethod && !call.method.equals("GET")) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " answered " + status + " (redirect to " + target + "), which would turn it into a GET; refused", null);
        }
        if (redirects > MAX_REDIRECTS) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " redirected more than " + MAX_REDIRECTS + " times", null);
        }
        return target;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost())) && port(a) == port(b);
    }

    /** The port a URL reaches, its scheme's default when it names none. */
    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
