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
