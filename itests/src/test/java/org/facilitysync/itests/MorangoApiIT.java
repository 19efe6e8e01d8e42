package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Morango API as the container serves it: sync-core's servlet on the real Felix HTTP (Jetty 12)
 * servlet whiteboard, found through the {@code osgi.http.endpoint} of the HTTP runtime, on a free
 * loopback port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MorangoApiIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws IOException {
        File home = Files.createTempDirectory("facilitysync-api-it-").toFile();
        return options(ContainerOptions.core(), ContainerOptions.nodeHome(home), ContainerOptions.sqlite(),
                ContainerOptions.fileBundle("bundle.facility-profile"));
    }


    @Test
    public void theApiAnswersOnTheServletWhiteboard() throws Exception {
        String base = endpoint();
        assertTrue(base, base.startsWith("http://127.0.0.1:"));
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> info = send(client, "GET", base + "api/morango/v1/morangoinfo/1/", null, null);
        waitUntilServed(client, base, info);
        info = send(client, "GET", base + "api/morango/v1/morangoinfo/1/", null, null);
        assertEquals(info.body(), 200, info.statusCode());
        assertTrue(info.body(), info.body().contains("\"capabilities\":[\"ASYNC_OPERATIONS\",\"FSIC_V2_FORMAT\",\"GZIP_BUFFER_POST\"]"));

        assertEquals(201, send(client, "POST", base + "api/morango/v1/nonces/", null, null).statusCode());
        assertEquals(415, send(client, "POST", base + "api/morango/v1/syncsessions/", "text/plain", "{}").statusCode());
        HttpResponse<String> pushing = send(client, "POST", base + "api/morango/v1/certificatechain/", "application/json", "\"[]\"");
        assertEquals(403, pushing.statusCode());
        assertTrue(pushing.body(), pushing.body().contains("certificate pushing is not supported"));
        // no CertificateAuthorizer for the profile: every signing request is refused
        HttpResponse<String> csr = send(client, "POST", base + "api/morango/v1/certificates/", "application/json",
                "{\"parent\": \"00000000000000000000000000000000\", \"profile\": \"facilitydata\", \"scope_definition\":"
                + " \"full-facility\", \"scope_version\": 1, \"scope_params\": \"{}\", \"public_key\": \"x\"}");
        assertEquals(csr.body(), 401, csr.statusCode());
    }

    @Test
    public void requestsJettyRefusesBeforeAnyServletGetItsStatusAndNoTrace() throws Exception {
        String base = endpoint();
        HttpClient client = HttpClient.newHttpClient();
        waitUntilServed(client, base, send(client, "GET", base + "api/morango/v1/morangoinfo/1/", null, null));
        URI uri = URI.create(base);
        String info = "/api/morango/v1/morangoinfo/1/";
        String[][] cases = {
            { "GET " + info + "%zz HTTP/1.1\r\nHost: x\r\n", "400" },
            { "GET " + info + " HTTP/1.1\r\nHost: x\r\nBad Header\r\n", "400" },
            { "GET " + info + " HTTP/1.1\r\nHost: x\r\nHost: y\r\n", "400" },
            { "GET /api/morango/v1/%2e%2e/x HTTP/1.1\r\nHost: x\r\n", "400" },
            { "GET " + info + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n", "400" },
            { "GET " + info + " HTTP/9.9\r\nHost: x\r\n", "505" },
            { "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n", "414" },
        };
        for (String[] c : cases) {
            String answer = raw(uri, c[0] + "Connection: close\r\n\r\n");
            String what = c[0].substring(0, Math.min(60, c[0].length())) + " -> " + answer;
            assertTrue(what, answer.startsWith("HTTP/1.1 " + c[1] + " "));
            assertTrue(what, !answer.contains("\tat ") && !answer.contains("Exception"));
        }
    }

    /** Sends {@code request} as it is, bytes no HTTP client would write, and reads the whole answer. */
    private static String raw(URI base, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    public void anInvalidConfigurationValueKeepsTheLimitsInForce() throws Exception {
        String base = endpoint();
        HttpClient client = HttpClient.newHttpClient();
        waitUntilServed(client, base, send(client, "GET", base + "api/morango/v1/morangoinfo/1/", null, null));
        String nonces = base + "api/morango/v1/nonces/";
        String big = "{\"padding\": \"" + "x".repeat(200) + "\"}";
        org.osgi.service.cm.Configuration configuration =
                configurationAdmin.getConfiguration("org.facilitysync.http.api", "?");
        try {
            // first configuration invalid: the defaults (not a failed component, not a 404)
            configuration.update(properties("max.body.bytes", "0"));
            Thread.sleep(1000);
            assertEquals(201, awaitStatus(client, nonces, big, 201).statusCode());
            // a valid one is in force: the 200-byte body is too large
            configuration.update(properties("max.body.bytes", "100"));
            assertEquals(413, awaitStatus(client, nonces, big, 413).statusCode());
            // an invalid one after it changes nothing
            configuration.update(properties("max.body.bytes", "lots"));
            Thread.sleep(1000);
            assertEquals(413, awaitStatus(client, nonces, big, 413).statusCode());
        } finally {
            configuration.delete();
        }
        assertEquals(201, awaitStatus(client, nonces, big, 201).statusCode());
    }

    private static Dictionary<String, Object> properties(String key, Object value) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        return properties;
    }

    /** POSTs until the answer has {@code status} (the servlet is re-registered on a change) or 10 s pass. */
    private static HttpResponse<String> awaitStatus(HttpClient client, String url, String body, int status)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response = send(client, "POST", url, "application/json", body);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = send(client, "POST", url, "application/json", body);
        }
        return response;
    }

    private String endpoint() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ServiceReference<?>[] refs = context.getAllServiceReferences(
                        "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
                if (refs != null) {
                    Object value = refs[0].getProperty("osgi.http.endpoint");
                    String first = value instanceof String[] a ? a[0]
                            : value instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : (String) value;
                    if (first != null) {
                        return first.endsWith("/") ? first : first + "/";
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the HTTP runtime announced no endpoint within 20 s");
    }

    /** The servlet appears once the engine (and so the TransferServer) is up. */
    private static void waitUntilServed(HttpClient client, String base, HttpResponse<String> first) throws Exception {
        HttpResponse<String> response = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (response.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = send(client, "GET", base + "api/morango/v1/morangoinfo/1/", null, null);
        }
        assertNotNull(response);
    }

    private static HttpResponse<String> send(HttpClient client, String method, String url, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
