package org.facilitysync.core.internal.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.facilitysync.core.internal.wire.ErrorDetail;
import org.facilitysync.core.internal.wire.WireJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.facilitysync.api.facility.BasicCredentials;
import org.facilitysync.api.facility.PublicRequest;
import org.facilitysync.api.facility.PublicResource;
import org.facilitysync.api.facility.PublicResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link PublicResource}s under {@value PublicResource#ROOT}: finds the resource by path (a
 * trailing segment after a resource's path is its id), hands it the request and writes its answer as
 * compact JSON, as Django REST framework does. Unknown paths are 404 {@code {"detail":"Not found."}}.
 */
final class PublicApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PublicApiServlet.class);
    private static final ObjectMapper MAPPER = WireJson.mapper();
    /** Public requests are small (a queue entry at most); larger bodies are refused. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final transient Function<String, Optional<PublicResource>> resources;
    private final transient java.util.function.Supplier<String> instanceId;

    PublicApiServlet(Function<String, Optional<PublicResource>> resources, java.util.function.Supplier<String> instanceId) {
        this.resources = resources;
        this.instanceId = instanceId;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PublicResponse answer;
        try {
            answer = answer(request);
        } catch (ApiException e) {
            answer = new PublicResponse(e.status(), ErrorDetail.object(e.getMessage()));
            e.headers().forEach(response::setHeader);
        } catch (RuntimeException e) {
            LOG.warn("Public API {} {} failed", request.getMethod(), request.getRequestURI(), e);
            answer = new PublicResponse(500, ErrorDetail.object("internal server error: " + e.getClass().getSimpleName()
                    + "; see the server's log"));
        }
        byte[] body = MAPPER.writeValueAsBytes(answer.body());
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }

    private PublicResponse answer(HttpServletRequest request) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!path.startsWith("/") || !path.endsWith("/") || path.length() < 3) {
            throw ApiException.notFound("Not found.");
        }
        String inner = path.substring(1, path.length() - 1);
        Optional<PublicResource> resource = resources.apply(inner);
        Optional<String> id = Optional.empty();
        int slash = inner.lastIndexOf('/');
        if (resource.isEmpty() && slash > 0) {
            resource = resources.apply(inner.substring(0, slash));
            id = Optional.of(inner.substring(slash + 1));
        }
        if (resource.isEmpty()) {
            throw ApiException.notFound("Not found.");
        }
        PublicRequest call = new PublicRequest(request.getMethod().toUpperCase(Locale.ROOT), id,
                query(request.getQueryString()), data(request), credentials(request.getHeader("Authorization")),
                instanceId.get());
        PublicResponse answer = resource.get().handle(call);
        if (answer == null) {
            throw new IllegalStateException("the public resource for " + inner + " answered nothing");
        }
        return answer;
    }

    /** The credentials, or none without an Authorization header; malformed ones are 401 as in Morango. */
    private static Optional<BasicCredentials> credentials(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        BasicAuth parsed = BasicAuth.of(header);
        return Optional.of(new BasicCredentials(parsed.username(), parsed.password(), parsed.arguments()));
    }

    private static Map<String, String> query(String queryString) {
        Map<String, String> query = new HashMap<>();
        if (queryString != null && !queryString.isEmpty()) {
            for (String pair : queryString.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }

    /** The body's members: a JSON object (as Kolibri's clients post), none without a body; else 400. */
    private static Map<String, Object> data(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body over this server's limit of " + MAX_BODY_BYTES + " bytes");
        }
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (raw.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body over this server's limit of " + MAX_BODY_BYTES + " bytes");
        }
        if (raw.length == 0) {
            return Map.of();
        }
        try {
            JsonNode node = MAPPER.readTree(raw);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("JSON parse error - the body is not a JSON object");
            }
            return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("JSON parse error - " + e.getOriginalMessage());
        }
    }
}
