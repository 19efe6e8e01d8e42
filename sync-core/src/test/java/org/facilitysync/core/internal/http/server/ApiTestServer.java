package org.facilitysync.core.internal.http.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.facilitysync.api.facility.Authorization;
import org.facilitysync.api.facility.CertificateAuthorizer;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceStore;

/**
 * A node's Morango API in an embedded Jetty 12 on a free loopback port (the same servlet the
 * container registers on the whiteboard), and a JDK client to talk to it. Public so that other
 * modules' tests (the extras' two-node tests) can serve a {@link LocalNode} over real HTTP.
 */
public final class ApiTestServer implements AutoCloseable {

    final LocalNode node;
    final CertificateStore certificates;
    final NonceStore nonces;
    final Map<String, CertificateAuthorizer> authorizers = new ConcurrentHashMap<>();
    private final Server jetty;
    final String baseUrl;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Serves {@code node}'s API with the container's default body limit. */
    public ApiTestServer(LocalNode node) throws Exception {
        this(node, MorangoApiServlet.DEFAULT_MAX_BODY_BYTES);
    }

    public ApiTestServer(LocalNode node, long maxBodyBytes) throws Exception {
        this(node, RequestLimits.DEFAULTS.withMaxBodyBytes(maxBodyBytes));
    }

    public ApiTestServer(LocalNode node, RequestLimits limits) throws Exception {
        this.node = node;
        this.certificates = new CertificateStore(node.database());
        this.nonces = new NonceStore(node.database());
        MorangoApi api = new MorangoApi(node.server(), certificates, nonces,
                profile -> Optional.ofNullable(authorizers.get(profile)));
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(new MorangoApiServlet(api, limits));
        holder.setAsyncSupported(true); // as the container registers it
        context.addServlet(holder, MorangoApiComponent.PATTERN);
        jetty.setHandler(context);
        jetty.start();
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        baseUrl = "http://127.0.0.1:" + port;
    }

    /** The base URL to give a client, {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A device's line to this hub, with a new full-facility certificate that {@code root} (owned here) signed. */
    public org.facilitysync.core.internal.http.client.HttpPeer devicePeer(
            org.facilitysync.core.internal.certificate.IssuedCertificate root) {
        var key = org.facilitysync.core.internal.certificate.RsaKey.generate();
        var definition = org.facilitysync.facility.data.FacilityScopes.FULL_FACILITY;
        var own = org.facilitysync.core.internal.certificate.CertificateIssuer.child(root, definition.profile(),
                definition.id(), definition.version(), org.facilitysync.core.internal.certificate.ScopeParams.write(
                        Map.of("dataset_id", root.certificate().id())), key.publicKeyString(),
                org.facilitysync.core.internal.certificate.CertificateIssuer.newSalt());
        return new org.facilitysync.core.internal.http.client.HttpPeer(
                org.facilitysync.core.internal.http.client.MorangoHttpClient.builder(baseUrl).build(),
                java.util.List.of(root.certificate(), own), key, root.certificate());
    }

    /** The served node's certificate store (save the certificates it syncs with here). */
    public CertificateStore certificates() {
        return certificates;
    }

    /** Grants bob/password everything in {@code profile}, refuses other credentials. */
    void grantBob(String profile) {
        authorizers.put(profile, (username, password, args, scope, params) ->
                "bob".equals(username) && "password".equals(new String(password)) ? Authorization.granted()
                        : Authorization.badCredentials());
    }

    HttpResponse<byte[]> send(String method, String path, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> send(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, path, json == null ? Map.of() : Map.of("Content-Type", "application/json"),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops the HTTP server and closes the node's database, as a killed server process leaves both. */
    @Override
    public void close() throws Exception {
        jetty.stop();
        node.close();
    }
}
