package org.facilitysync.console.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

/**
 * The Morango API answers: {@code GET api/morango/v1/morangoinfo/1/} on this node's own HTTP endpoint (as the
 * servlet runtime publishes it) returns 200 within 1.5 seconds.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=facilitysync HTTP API", HealthCheck.TAGS + "=" + NodeHealthChecks.TAG})
public final class HttpApiHealthCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofMillis(1500); // within the health check executor's 2 s
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    // The HttpServiceRuntime's service properties: they name the endpoint the node serves on.
    private volatile Map<String, Object> runtime;

    @Reference(service = HttpServiceRuntime.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    void bindRuntime(Map<String, Object> properties) {
        runtime = properties;
    }

    void unbindRuntime(Map<String, Object> properties) {
        runtime = null;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        List<String> endpoints = endpoints(runtime);
        if (endpoints.isEmpty()) {
            log.critical("no HTTP endpoint: the HTTP service is not running (one-shot commands serve no HTTP)");
            return new Result(log);
        }
        String url = endpoints.get(0).replace("://0.0.0.0:", "://127.0.0.1:") + "api/morango/v1/morangoinfo/1/";
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                log.info("GET {} answered 200", url);
            } else {
                log.critical("GET {} answered {}", url, response.statusCode());
            }
        } catch (Exception failed) {
            log.critical("GET {} failed: {}", url, failed.toString());
        }
        return new Result(log);
    }

    private static List<String> endpoints(Map<String, Object> properties) {
        List<String> found = new ArrayList<>();
        Object value = properties == null ? null : properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        if (value instanceof String text) {
            found.add(text);
        } else if (value instanceof String[] texts) {
            found.addAll(List.of(texts));
        } else if (value instanceof Iterable<?> items) {
            items.forEach(item -> found.add(String.valueOf(item)));
        }
        found.replaceAll(endpoint -> endpoint.endsWith("/") ? endpoint : endpoint + "/");
        return found;
    }
}
