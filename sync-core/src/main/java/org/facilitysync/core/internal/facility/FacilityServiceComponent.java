package org.facilitysync.core.internal.facility;

import java.util.List;

import org.facilitysync.api.facility.CertificateSummary;
import org.facilitysync.api.facility.Facility;
import org.facilitysync.api.facility.FacilityProvisioner;
import org.facilitysync.api.facility.FacilityService;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@link FacilityService} in the container. The profile's provisioner is optional and dynamic: listing
 * certificates works without it, and creating a facility says what is missing.
 */
@Component(service = FacilityService.class)
public final class FacilityServiceComponent implements FacilityService {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + FacilityProvisioner.PROFILE + "=facilitydata)")
    private volatile FacilityProvisioner provisioner;

    private final NodeFacilities facilities;

    @Activate
    public FacilityServiceComponent(@Reference(name = "database") Database database) {
        this.facilities = new NodeFacilities(new CertificateStore(database), () -> provisioner);
    }

    @Override
    public Facility create(String name, String adminUsername, char[] adminPassword) {
        return facilities.create(name, adminUsername, adminPassword);
    }

    @Override
    public List<Facility> facilities() {
        return facilities.facilities();
    }

    @Override
    public List<CertificateSummary> certificates() {
        return facilities.certificates();
    }
}
