package org.facilitysync.core.internal.facility;

import org.facilitysync.api.execution.SyncService;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.facilitysync.api.facility.FacilitySyncService;
import org.facilitysync.core.internal.engine.NodeEngine;
import org.facilitysync.core.internal.engine.SyncEngineComponent;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link FacilitySyncService} in the container, over the engine's {@link SyncService}. */
@Component(service = FacilitySyncService.class, configurationPid = SyncEngineComponent.PID)
public final class FacilitySyncComponent implements FacilitySyncService {

    private final NetworkFacilitySync sync;

    @Activate
    public FacilitySyncComponent(@Reference(name = "engine") NodeEngine engine,
            @Reference(name = "syncService") SyncService syncService, SyncEngineComponent.Config config) {
        this.sync = new NetworkFacilitySync(new CertificateStore(engine.database()), engine.syncSessions(), syncService,
                engine.instanceId(), config.profile());
    }

    @Override
    public FacilitySyncResult sync(FacilitySyncRequest request) {
        return sync.sync(request);
    }

    @Override
    public FacilitySyncResult resume(String syncSessionId, FacilitySyncRequest request) {
        return sync.resume(syncSessionId, request);
    }
}
