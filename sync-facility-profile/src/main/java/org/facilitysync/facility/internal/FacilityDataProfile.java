package org.facilitysync.facility.internal;

import java.util.List;

import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes Kolibri's facility models and scope definitions to the {@code facilitydata} profile. The models are fixed data,
 * so the component has no configuration and no state; stopping the bundle withdraws the models.
 */
@Component(service = SyncProfile.class)
public final class FacilityDataProfile implements SyncProfile {

    @Override
    public String name() {
        return FacilityDataModels.PROFILE;
    }

    @Override
    public List<SyncableModel> models() {
        return FacilityDataModels.all();
    }

    @Override
    public List<ScopeDefinition> scopeDefinitions() {
        return FacilityScopes.all();
    }
}
