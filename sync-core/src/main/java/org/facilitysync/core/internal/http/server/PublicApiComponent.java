package org.facilitysync.core.internal.http.server;

import jakarta.servlet.Servlet;
import java.util.Hashtable;
import org.facilitysync.api.facility.PublicResource;
import org.facilitysync.core.internal.engine.TransferServer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Puts the profiles' {@link PublicResource}s on the servlet whiteboard at {@code /api/public/*}, beside
 * Morango's API. The core knows no resource itself: which exist, and what they answer, is the profiles'.
 */
@Component(immediate = true)
public final class PublicApiComponent {

    /** The servlet whiteboard pattern. */
    public static final String PATTERN = "/api/public/*";

    private final RankedServices<PublicResource> resources = new RankedServices<>();
    private final ServiceRegistration<Servlet> registration;

    @Activate
    public PublicApiComponent(@Reference(name = "transferServer") TransferServer server, BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATTERN);
        properties.put("osgi.http.whiteboard.servlet.name", "public-api");
        registration = context.registerService(Servlet.class, new PublicApiServlet(
                path -> resources.first(PublicResource.PATH, path), server::instanceId),
                properties);
    }

    @Reference(name = "resource", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addResource(ServiceReference<PublicResource> reference, PublicResource resource) {
        resources.add(reference, resource);
    }

    void removeResource(ServiceReference<PublicResource> reference) {
        resources.remove(reference);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and took it with it
        }
    }
}
