package org.facilitysync.core.internal.http.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP Basic credentials, the one reader of an {@code Authorization} header; Morango's username may carry
 * further arguments as a query string ({@code username=<u>&facility=<id>}). Every refusal is a 401 with
 * the challenge.
 */
record BasicAuth(String username, char[] password, Map<String, String> arguments) {

    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Basic realm=\"api\"");

    /** The 401 refusal with Basic's challenge. */
    static ApiException refusal(String detail) {
        return new ApiException(401, detail, CHALLENGE);
    }

    static BasicAuth of(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw refusal("Authentication credentials were not provided.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refusal("Invalid basic header. Credentials not correctly base64 encoded.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw refusal("Invalid basic header. No credentials provided.");
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Map<String, String> arguments = new LinkedHashMap<>();
        if (user.contains("=")) {
            arguments = ApiRequestReader.parseQuery(user, problem -> refusal(
                    "Invalid basic header: the user arguments are not correctly percent-encoded: " + problem));
            user = arguments.remove("username");
            if (user == null) {
                throw refusal("Invalid basic header: the user arguments name no username.");
            }
        }
        return new BasicAuth(user, password, Map.copyOf(arguments));
    }
}
