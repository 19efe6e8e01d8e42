package org.facilitysync.facility.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.facilitysync.api.facility.Facility;
import org.facilitysync.api.facility.FacilityProvisioner;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.NewFacility;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Writes a new facility's first records, and lists the facilities this node holds. */
@Component(service = FacilityProvisioner.class, property = FacilityProvisioner.PROFILE + "=" + FacilityDataModels.PROFILE)
public final class FacilityRecordsProvisioner implements FacilityProvisioner {

    private final SyncRecords records;

    @Activate
    public FacilityRecordsProvisioner(@Reference SyncRecords records) {
        this.records = records;
    }

    @Override
    public Facility provision(String datasetId, String facilityName, String adminUsername, char[] adminPassword) {
        if (facilityName == null || facilityName.isBlank() || facilityName.length() > 100) {
            throw new IllegalArgumentException("a facility name is 1 to 100 characters, not '" + facilityName + "'");
        }
        if (adminUsername == null || !adminUsername.matches("[\\w.@+-]{1,125}")) {
            throw new IllegalArgumentException("a username is 1 to 125 letters, digits and . @ + - _, not '"
                    + adminUsername + "'");
        }
        if (adminPassword == null || adminPassword.length == 0) {
            throw new IllegalArgumentException("the admin needs a password");
        }
        List<GeneratedRecord> first = NewFacility.records(datasetId, facilityName.trim(), adminUsername,
                DjangoPasswords.hash(adminPassword));
        try {
            records.inTransaction(tx -> {
                for (GeneratedRecord record : first) {
                    record.createIn(tx);
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not write facility '" + facilityName + "': " + e.getMessage(), e);
        }
        return new Facility(datasetId, first.get(1).id(), facilityName.trim(), 1);
    }

    @Override
    public List<Facility> facilities() {
        Map<String, Long> users = new HashMap<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER,
                user -> users.merge(String.valueOf(user.values().get("facility_id")), 1L, Long::sum));
        List<Facility> found = new ArrayList<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY, facility -> found.add(new Facility(
                String.valueOf(facility.values().get("dataset_id")), facility.id(),
                String.valueOf(facility.values().get("name")), users.getOrDefault(facility.id(), 0L))));
        found.sort(Comparator.comparing(Facility::name).thenComparing(Facility::datasetId));
        return found;
    }
}
