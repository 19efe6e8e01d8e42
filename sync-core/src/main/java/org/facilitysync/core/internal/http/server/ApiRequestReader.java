package org.facilitysync.core.internal.http.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place where what a client sent becomes an {@link ApiRequest}, and where everything about the
 * request's form is checked before any handler sees it: the query string and its percent-escapes, the
 * declared body size, the media type, gzip and UTF-8 (for a push, while its handler reads the stream:
 * see {@link RequestBody}). Each refusal is an {@link ApiException} with a
 * 4xx status that says what was wrong; nothing here touches the database.
 */
final class ApiRequestReader {

    private final long maxBodyBytes;

    ApiRequestReader(long maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the body limit must be at least 1 byte, not " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Refuses at once a body whose declared length is over the limit (413), before any of it is read. */
    void checkDeclaredLength(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw new ApiException(413, "request body of " + declared + " bytes is over this server's limit of "
                    + maxBodyBytes + " bytes");
        }
    }

    /** The request, with {@code raw} as the body bytes received. */
    ApiRequest read(HttpServletRequest request, ReceivedBytes raw) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        // The query string is parsed here, never through getParameter: that would read a form body.
        Map<String, String> query = parseQuery(request.getQueryString(), problem -> ApiException.badRequest(
                "the query string is not correctly percent-encoded: " + problem));
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        RequestBody body = RequestBody.of(raw, request.getContentType(), request.getHeader("Content-Encoding"),
                maxBodyBytes);
        boolean streamed = ApiRequest.streamsBody(method, path) && !body.isEmpty();
        String host = request.getHeader("Host");
        String baseUrl = request.getScheme() + "://" + (host != null && !host.isBlank() ? host
                : request.getServerName() + ":" + request.getServerPort());
        return new ApiRequest(method, path, query, headers, streamed ? null : body.text(), streamed ? body : null,
                request.getRemoteAddr(), baseUrl);
    }

    /**
     * {@code a=1&b=%20} as a map (first value of each name kept, in order); a malformed percent-escape is
     * refused with the exception {@code refusal} makes of the problem.
     */
    static Map<String, String> parseQuery(String text, Function<String, ApiException> refusal) {
        Map<String, String> query = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return query;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw refusal.apply("'" + pair + "' (" + e.getMessage() + ")");
            }
        }
        return query;
    }

    /** All of {@code in}, refused with 413 once it passes the limit. */
    ReceivedBytes readLimited(InputStream in, String what) throws IOException {
        ReceivedBytes out = new ReceivedBytes();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBodyBytes) {
                throw new ApiException(413, what + " is over this server's limit of " + maxBodyBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out;
    }
}
