package org.facilitysync.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.http.client.MorangoHttpClient;
import org.facilitysync.core.internal.http.server.MorangoApi;
import org.facilitysync.core.internal.http.server.MorangoApiComponent;
import org.facilitysync.core.internal.http.server.MorangoApiServlet;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceStore;

/**
 * A hub node's Morango API over real HTTP for a benchmark: the container's servlet in an embedded Jetty
 * on a free 127.0.0.1 port, with a facility root certificate, and a device certificate signed by it so
 * a client can open sync sessions.
 */
final class HttpHub implements AutoCloseable {

    private final Server jetty;
    private final String baseUrl;
    private final IssuedCertificate root;

    HttpHub(LocalNode hub) throws Exception {
        CertificateStore certificates = new CertificateStore(hub.database());
        root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
        certificates.saveOwned(root);
        MorangoApi api = new MorangoApi(hub.server(), certificates, new NonceStore(hub.database()),
                profile -> Optional.empty());
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new MorangoApiServlet(api, MorangoApiServlet.DEFAULT_MAX_BODY_BYTES)),
                MorangoApiComponent.PATTERN);
        jetty.setHandler(context);
        jetty.start();
        baseUrl = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** The facility's dataset id: the root certificate's id (the hub syncs only what its scopes cover). */
    String datasetId() {
        return root.certificate().id();
    }

    /** A new line from a device to this hub, with a full-facility certificate of its own. */
    HttpPeer peer(String profile) {
        RsaKey key = RsaKey.generate();
        Certificate own = CertificateIssuer.child(root, profile, FacilityScopes.FULL_FACILITY.id(),
                FacilityScopes.FULL_FACILITY.version(), ScopeParams.write(Map.of("dataset_id", datasetId())),
                key.publicKeyString(), CertificateIssuer.newSalt());
        return new HttpPeer(MorangoHttpClient.builder(baseUrl).build(), List.of(root.certificate(), own), key,
                root.certificate());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
