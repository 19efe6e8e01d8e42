package org.facilitysync.core.internal.facility;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.facilitysync.api.facility.CertificateSummary;
import org.facilitysync.api.facility.Facility;
import org.facilitysync.api.facility.FacilityProvisioner;
import org.facilitysync.api.facility.FacilityService;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.api.model.KolibriScopes;
import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.StoredCertificate;

/**
 * A node's facilities: creating one makes its full-facility root certificate (whose id becomes the
 * dataset id, as Kolibri does it) and has the profile write the facility's first records.
 */
public final class NodeFacilities implements FacilityService {


    private final CertificateStore certificates;
    private final Supplier<FacilityProvisioner> provisioner;

    /**
     * @param provisioner the profile's provisioner, or null while none is registered
     */
    public NodeFacilities(CertificateStore certificates, Supplier<FacilityProvisioner> provisioner) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
    }

    @Override
    public Facility create(String name, String adminUsername, char[] adminPassword) {
        FacilityProvisioner profile = provisioner.get();
        if (profile == null) {
            throw new IllegalStateException("no facility profile is active on this node to write the facility's"
                    + " records (bundle org.facilitysync.facility)");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a facility needs a name");
        }
        ScopeDefinition fullFacility = certificates.scopeDefinitions().find(KolibriScopes.FULL_FACILITY).orElseThrow(
                () -> new IllegalStateException("the scope definition '" + KolibriScopes.FULL_FACILITY + "' is not stored"));
        IssuedCertificate root = CertificateIssuer.root(fullFacility, Map.of());
        // The certificate first: the dataset's id is the root's id, and a stored root without records
        // is harmless, while records without their root could never sync.
        certificates.saveOwned(root);
        return profile.provision(root.certificate().id(), name, adminUsername, adminPassword);
    }

    @Override
    public List<Facility> facilities() {
        FacilityProvisioner profile = provisioner.get();
        return profile == null ? List.of() : profile.facilities();
    }

    @Override
    public List<CertificateSummary> certificates() {
        return certificates.all().stream()
                .sorted(Comparator.comparing((StoredCertificate c) -> !c.certificate().isRoot())
                        .thenComparing(StoredCertificate::id))
                .map(NodeFacilities::summary).toList();
    }

    static CertificateSummary summary(StoredCertificate stored) {
        var c = stored.certificate();
        Map<String, String> params = new LinkedHashMap<>();
        ScopeParams.parse(c.scopeParams()).forEach((key, value) -> params.put(key, String.valueOf(value)));
        return new CertificateSummary(c.id(), c.parentId() == null ? "" : c.parentId(), c.profile(),
                c.scopeDefinitionId(), params, stored.owned());
    }
}
