package org.facilitysync.core.internal.trust;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the scope definitions of every {@link SyncProfile} service in the node's database when the service
 * is registered (or its properties change), so that the profile, not a stored row, says what a scope means.
 * A profile that goes keeps its definitions stored: certificates issued under them stay verifiable.
 */
@Component(immediate = true)
public final class ScopeDefinitionsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ScopeDefinitionsComponent.class);

    private final ScopeDefinitionStore store;

    @Activate
    public ScopeDefinitionsComponent(@Reference(name = "database") Database database) {
        this.store = new ScopeDefinitionStore(database);
    }

    @Reference(name = "profile", service = SyncProfile.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindProfile", updated = "bindProfile")
    public void bindProfile(SyncProfile profile, ServiceReference<SyncProfile> reference) {
        try {
            store.install(profile.scopeDefinitions());
        } catch (RuntimeException e) {
            // one bad profile must not keep the others' definitions out
            LOG.error("Cannot store the scope definitions of SyncProfile service {} (profile '{}'): {}",
                    reference.getProperty(Constants.SERVICE_ID), profile.name(), e.getMessage(), e);
        }
    }

    public void unbindProfile(SyncProfile profile) {
        // nothing to undo: see the class comment
    }
}
