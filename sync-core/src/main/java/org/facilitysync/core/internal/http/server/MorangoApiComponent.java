package org.facilitysync.core.internal.http.server;

import jakarta.servlet.Servlet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.facilitysync.api.facility.CertificateAuthorizer;
import org.facilitysync.api.facility.MorangoInfoContributor;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Morango's API on the servlet whiteboard at {@value #PATTERN} once the engine's
 * {@link TransferServer} is there. The port and bind address are the HTTP service's (Felix:
 * {@code org.osgi.service.http.port}, {@code org.apache.felix.http.host}, PID
 * {@code org.apache.felix.http}); this component's own configuration (PID {@value #PID}) is what one
 * client may ask of it ({@link RequestLimits}). Certificate signing requests are decided by the
 * {@link CertificateAuthorizer} whose
 * {@code sync.profile} names the requested profile (highest ranking wins); none means 403.
 */
@Component(immediate = true, configurationPid = MorangoApiComponent.PID)
@Designate(ocd = MorangoApiComponent.Config.class)
public final class MorangoApiComponent {

    /** The configuration PID. */
    public static final String PID = "org.facilitysync.http.api";

    /** The servlet whiteboard pattern. */
    public static final String PATTERN = "/api/morango/v1/*";

    /*
     * The attributes are Strings that RequestLimits reads as whole numbers: SCR would turn "64k" into 0, and a
     * wrong value must be named and refused instead (Metatype still shows them as numbers).
     */
    @ObjectClassDefinition(name = "facilitysync Morango API", description = "The Morango HTTP API of this node."
            + " An invalid value is refused with a log line naming it; the previous configuration (at first, the"
            + " defaults) stays in force.")
    public @interface Config {
        @AttributeDefinition(name = "Largest request body (bytes)", type = AttributeType.LONG,
                description = "Compressed and decompressed; larger requests get 413.")
        String max_body_bytes() default "" + MorangoApiServlet.DEFAULT_MAX_BODY_BYTES;

        @AttributeDefinition(name = "Request body timeout (seconds)", type = AttributeType.LONG,
                description = "How long a request body may take to arrive, beyond what the minimum body rate"
                        + " allows; a later body gets 408 and its connection is closed.")
        String body_timeout_seconds() default "30";

        @AttributeDefinition(name = "Minimum body rate (bytes/second)", type = AttributeType.LONG,
                description = "A body of N bytes may take the body timeout plus N divided by this rate.")
        String min_body_bytes_per_second() default "1024";

        @AttributeDefinition(name = "Requests in progress per client address", type = AttributeType.INTEGER,
                description = "More from one address at once get 429; bodies are read without holding a"
                        + " server thread, so this bounds what one client can hold.")
        String max_requests_per_client() default "64";
    }

    private static final Logger LOG = LoggerFactory.getLogger(MorangoApiComponent.class);

    private final RankedServices<CertificateAuthorizer> authorizers = new RankedServices<>();
    private final RankedServices<MorangoInfoContributor> infoContributors = new RankedServices<>();
    private final MorangoApi api;
    private final BundleContext context;
    private ServiceRegistration<Servlet> registration;
    private RequestLimits limits;

    /**
     * An invalid configuration value is named and refused, not thrown: failing the component would take the
     * whole API down.
     */
    @Activate
    public MorangoApiComponent(@Reference(name = "transferServer") TransferServer server, BundleContext context,
            Config config) {
        this.api = new MorangoApi(server, new CertificateStore(server.database()), new NonceStore(server.database()),
                this::authorizerFor, this::infoFields);
        this.context = context;
        this.limits = limits(config, RequestLimits.DEFAULTS, "the defaults");
        register();
    }

    @Modified
    synchronized void modified(Config config) {
        RequestLimits next = limits(config, limits, "the previous configuration");
        if (!next.equals(limits)) {
            limits = next;
            unregister();
            register();
        }
    }

    private static RequestLimits limits(Config config, RequestLimits inForce, String which) {
        try {
            return RequestLimits.from(config);
        } catch (IllegalArgumentException invalid) {
            LOG.error("Configuration {}: {}; {} stays in force ({})", PID, invalid.getMessage(), which, inForce);
            return inForce;
        }
    }

    private synchronized void register() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATTERN);
        properties.put("osgi.http.whiteboard.servlet.name", "morango-api");
        properties.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        registration = context.registerService(Servlet.class, new MorangoApiServlet(api, limits), properties);
        LOG.info("Morango API registered on the servlet whiteboard at {} ({})", PATTERN, limits);
    }

    @Reference(name = "authorizer", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAuthorizer(ServiceReference<CertificateAuthorizer> reference, CertificateAuthorizer authorizer) {
        authorizers.add(reference, authorizer);
    }

    void removeAuthorizer(ServiceReference<CertificateAuthorizer> reference) {
        authorizers.remove(reference);
    }

    @Reference(name = "infoContributor", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInfoContributor(ServiceReference<MorangoInfoContributor> reference, MorangoInfoContributor contributor) {
        infoContributors.add(reference, contributor);
    }

    void removeInfoContributor(ServiceReference<MorangoInfoContributor> reference) {
        infoContributors.remove(reference);
    }

    /** The application fields of {@code morangoinfo}: every contributor's, highest ranking first. */
    private Map<String, Object> infoFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        infoContributors.all().forEach(c -> c.morangoInfoFields().forEach(fields::putIfAbsent));
        return fields;
    }

    private Optional<CertificateAuthorizer> authorizerFor(String profile) {
        return authorizers.first(CertificateAuthorizer.PROFILE, profile);
    }

    @Deactivate
    synchronized void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and took it with it
        }
    }

}
