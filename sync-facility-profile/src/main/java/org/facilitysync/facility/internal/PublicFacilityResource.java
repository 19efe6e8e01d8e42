package org.facilitysync.facility.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.facilitysync.api.facility.PublicRequest;
import org.facilitysync.api.facility.PublicResource;
import org.facilitysync.api.facility.PublicResponse;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/public/v1/facility/} and {@code .../v1/facility/<facility id>/}: Kolibri's
 * {@code PublicFacilityViewSet}. A Kolibri device maps the facility id a user typed to its dataset id here,
 * and its learner-only setup reads whether learners may log in without a password.
 */
@Component(service = PublicResource.class, property = PublicResource.PATH + "=v1/facility")
public final class PublicFacilityResource implements PublicResource {

    private static final Pattern ON_MY_OWN = Pattern.compile("\"on_my_own_setup\"\\s*:\\s*true");

    private final SyncRecords records;

    @Activate
    public PublicFacilityResource(@Reference SyncRecords records) {
        this.records = records;
    }

    @Override
    public PublicResponse handle(PublicRequest request) {
        if (!request.method().equals("GET")) {
            return KolibriRelease.methodNotAllowed(request.method());
        }
        if (request.id().isPresent()) {
            return records.read(FacilityDataModels.PROFILE, AuthModels.FACILITY, request.id().get())
                    .map(this::describe).map(PublicResponse::ok)
                    .orElseGet(() -> KolibriRelease.notFound("Public Facility Instance"));
        }
        List<Map<String, Object>> facilities = new ArrayList<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY, f -> facilities.add(describe(f)));
        return PublicResponse.ok(facilities);
    }

    /** Kolibri's {@code PublicFacilitySerializer}: the facility and its dataset's learner settings. */
    private Map<String, Object> describe(SyncRecord facility) {
        String datasetId = String.valueOf(facility.get("dataset_id"));
        Optional<SyncRecord> dataset = records.read(FacilityDataModels.PROFILE, AuthModels.FACILITY_DATASET, datasetId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", facility.id());
        out.put("dataset", datasetId);
        out.put("name", facility.get("name"));
        out.put("learner_can_login_with_no_password", flag(dataset, "learner_can_login_with_no_password"));
        out.put("learner_can_sign_up", flag(dataset, "learner_can_sign_up"));
        out.put("on_my_own_setup", dataset.map(d -> d.get("extra_fields")).map(String::valueOf)
                .map(text -> ON_MY_OWN.matcher(text).find()).orElse(false));
        return out;
    }

    private static boolean flag(Optional<SyncRecord> dataset, String field) {
        return dataset.map(d -> Boolean.TRUE.equals(d.get(field))).orElse(false);
    }
}
