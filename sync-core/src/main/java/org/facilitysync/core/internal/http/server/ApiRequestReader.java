package org.facilitysync.core.internal.http.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The one place where what a client sent becomes an {@link ApiRequest}, and where everything about the
 * request's form is checked before any handler sees it: the query string and its percent-escapes, the
 * declared body size, the media type, gzip and UTF-8. Each refusal is an {@link ApiException} with a
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
    ApiRequest read(HttpServletRequest request, byte[] raw) {
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
        String body = body(raw, request.getContentType(), request.getHeader("Content-Encoding"));
        String host = request.getHeader("Host");
        String baseUrl = request.getScheme() + "://" + (host != null && !host.isBlank() ? host
                : request.getServerName() + ":" + request.getServerPort());
        return new ApiRequest(method, path, query, headers, body, request.getRemoteAddr(), baseUrl);
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

    /** The body as text, or null when there is none; refusals: 413 too large, 415 not JSON or gzip, 400 broken. */
    private String body(byte[] raw, String contentTypeHeader, String encoding) {
        if (raw.length == 0) {
            return null;
        }
        String contentType = contentTypeHeader == null ? ""
                : contentTypeHeader.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean gzip = "application/gzip".equals(contentType) || "application/x-gzip".equals(contentType)
                || (encoding != null && encoding.trim().equalsIgnoreCase("gzip"));
        if (!gzip && !"application/json".equals(contentType)) {
            throw new ApiException(415, "Unsupported media type \"" + contentTypeHeader
                    + "\" in request: send application/json, or application/gzip for gzip-compressed JSON");
        }
        if (gzip) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = readLimited(in, "decompressed request body");
            } catch (ZipException | EOFException e) {
                throw ApiException.badRequest("the gzip request body cannot be decompressed: " + e.getMessage());
            } catch (IOException e) {
                throw ApiException.badRequest("the gzip request body cannot be read: " + e.getMessage());
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not UTF-8 text");
        }
    }

    /** All of {@code in}, refused with 413 once it passes the limit. */
    byte[] readLimited(InputStream in, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        return out.toByteArray();
    }
}
