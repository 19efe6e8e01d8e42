package org.facilitysync.core.internal.facility;

import java.time.Clock;

import org.facilitysync.api.facility.SyncAdmission;
import org.facilitysync.core.internal.storage.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link SyncAdmission} in the container, on the node's database. */
@Component(service = SyncAdmission.class)
public final class SyncAdmissionComponent implements SyncAdmission {

    private final JdbcSyncAdmission admission;

    @Activate
    public SyncAdmissionComponent(@Reference(name = "database") Database database) {
        this.admission = new JdbcSyncAdmission(database, Clock.systemUTC());
    }

    @Override
    public Ticket admit(String userId, String instanceId, int maxConcurrent, int syncIntervalSeconds) {
        return admission.admit(userId, instanceId, maxConcurrent, syncIntervalSeconds);
    }
}
