package org.facilitysync.core.internal.model;

import java.util.Set;

import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.core.internal.storage.Database;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModelRegistry} service: tracks every {@link SyncProfile} service (dynamic, greedy, so
 * model bundles come and go without restarting anything) and feeds them to a {@link ModelCatalog},
 * which provisions their tables in the node's {@link Database}.
 *
 * <p>The database reference is static: without a database there are no tables, and a new database
 * gets a new catalog (the component is re-activated and every service bound again).
 */
@Component(service = ModelRegistry.class, immediate = true)
public final class ModelRegistryComponent implements ModelRegistry {

    private final ModelCatalog catalog;

    @Activate
    public ModelRegistryComponent(@Reference(name = "database") Database database) {
        AppTables tables = new AppTables(database);
        this.catalog = new ModelCatalog(LoggerFactory.getLogger(ModelRegistryComponent.class), tables::provision);
    }

    @Reference(name = "profile", service = SyncProfile.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindProfile", updated = "updatedProfile")
    public void bindProfile(SyncProfile profile, ServiceReference<SyncProfile> reference) {
        catalog.add(source(profile, reference));
    }

    public void updatedProfile(SyncProfile profile, ServiceReference<SyncProfile> reference) {
        catalog.add(source(profile, reference));
    }

    public void unbindProfile(SyncProfile profile, ServiceReference<SyncProfile> reference) {
        catalog.remove(serviceId(reference));
    }

    @Override
    public ProfileModels profile(String profile) {
        return catalog.profile(profile);
    }

    @Override
    public Set<String> profiles() {
        return catalog.profiles();
    }

    private static ModelCatalog.ProfileSource source(SyncProfile profile, ServiceReference<SyncProfile> reference) {
        long id = serviceId(reference);
        String bundle = reference.getBundle() == null ? "an uninstalled bundle" : "bundle "
                + reference.getBundle().getSymbolicName();
        return new ModelCatalog.ProfileSource(id, "SyncProfile service " + id + " of " + bundle, profile);
    }

    private static long serviceId(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        return id instanceof Number number ? number.longValue() : -1;
    }
}
