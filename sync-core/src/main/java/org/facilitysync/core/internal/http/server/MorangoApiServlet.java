package org.facilitysync.core.internal.http.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet in front of {@link MorangoApi}: reads the body within the size limit (plain JSON, or
 * gzip as Morango posts buffers), turns every refusal into {@code {"detail": "..."}} with its status,
 * never shows a stack trace (5xx are logged at WARN with the cause), and gzips buffer pages for
 * clients that accept it.
 */
public final class MorangoApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MorangoApiServlet.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The default limit of a request body, compressed or not (64 MiB). */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final transient MorangoApi api;
    private final long maxBodyBytes;

    public MorangoApiServlet(MorangoApi api, long maxBodyBytes) {
        this.api = Objects.requireNonNull(api, "api");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the body limit must be at least 1 byte, not " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiResponse answer;
        try {
            answer = api.handle(toApiRequest(request));
        } catch (ApiException e) {
            answer = new ApiResponse(e.status(), detail(e.getMessage()), e.headers(), false);
            if (e.status() == 413) {
                // The unread rest of the body is still on the connection: the client must not reuse it.
                response.setHeader("Connection", "close");
            }
        } catch (MorangoApi.StageErroredException e) {
            LOG.warn("Morango API {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            answer = ApiResponse.json(500, detail(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Morango API {} {} failed", request.getMethod(), request.getRequestURI(), e);
            answer = ApiResponse.json(500, detail("internal server error: " + e.getClass().getSimpleName()
                    + "; see the server's log"));
        }
        write(request, response, answer);
    }

    private ApiRequest toApiRequest(HttpServletRequest request) throws IOException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        // The query string is parsed here, never through getParameter: that would read a form body.
        Map<String, String> query = new HashMap<>();
        String queryString = request.getQueryString();
        if (queryString != null && !queryString.isEmpty()) {
            for (String pair : queryString.split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(key, value);
            }
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        String body = readBody(request, method);
        String host = request.getHeader("Host");
        String baseUrl = request.getScheme() + "://" + (host != null && !host.isBlank() ? host
                : request.getServerName() + ":" + request.getServerPort());
        return new ApiRequest(method, path, query, headers, body, request.getRemoteAddr(), baseUrl);
    }

    /** The body as text, or null when there is none; refusals: 413 too large, 415 not JSON or gzip, 400 broken. */
    private String readBody(HttpServletRequest request, String method) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw new ApiException(413, "request body of " + declared + " bytes is over this server's limit of "
                    + maxBodyBytes + " bytes");
        }
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = readLimited(in, "request body");
        }
        if (raw.length == 0) {
            return null;
        }
        String contentType = request.getContentType() == null ? ""
                : request.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = "application/gzip".equals(contentType) || "application/x-gzip".equals(contentType)
                || (encoding != null && encoding.trim().equalsIgnoreCase("gzip"));
        if (!gzip && !"application/json".equals(contentType)) {
            throw new ApiException(415, "Unsupported media type \"" + request.getContentType()
                    + "\" in request: send application/json, or application/gzip for gzip-compressed JSON");
        }
        if (gzip) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                raw = readLimited(in, "decompressed request body");
            } catch (ZipException | java.io.EOFException e) {
                throw ApiException.badRequest("the gzip request body cannot be decompressed: " + e.getMessage());
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not UTF-8 text");
        }
    }

    private byte[] readLimited(InputStream in, String what) throws IOException {
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

    private static void write(HttpServletRequest request, HttpServletResponse response, ApiResponse answer)
            throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.json() == null) {
            response.setContentLength(0);
            return;
        }
        byte[] body = answer.bytes();
        response.setContentType("application/json");
        String accept = request.getHeader("Accept-Encoding");
        if (answer.compressible() && accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(body);
            }
            body = zipped.toByteArray();
            response.setHeader("Content-Encoding", "gzip");
            response.setHeader("Vary", "Accept-Encoding");
        }
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }

    private static String detail(String message) {
        try {
            return MAPPER.writeValueAsString(Map.of("detail", message == null ? "" : message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"detail\": \"error\"}";
        }
    }
}
