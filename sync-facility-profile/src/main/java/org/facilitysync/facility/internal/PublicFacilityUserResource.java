package org.facilitysync.facility.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.facilitysync.api.facility.BasicCredentials;
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
 * {@code GET /api/public/facilityuser/?facility_id=<facility id>} with Basic auth
 * {@code username=<name>&facility=<facility id>}: Kolibri's {@code PublicFacilityUserViewSet}, which the
 * learner-only device setup ({@code get_remote_users_info}) asks before it syncs. The user who logged in,
 * or every user of the facility for a facility admin, sorted by id; 401 for missing or bad credentials.
 */
@Component(service = PublicResource.class, property = PublicResource.PATH + "=facilityuser")
public final class PublicFacilityUserResource implements PublicResource {

    private final SyncRecords records;
    private final FacilityUsers users;
    private final FacilityLogin login;

    @Activate
    public PublicFacilityUserResource(@Reference SyncRecords records) {
        this.records = records;
        this.users = new FacilityUsers(records);
        this.login = new FacilityLogin(records);
    }

    @Override
    public PublicResponse handle(PublicRequest request) {
        if (!request.method().equals("GET")) {
            return KolibriRelease.methodNotAllowed(request.method());
        }
        if (request.credentials().isEmpty()) {
            return new PublicResponse(401, Map.of("detail", "Authentication credentials were not provided."));
        }
        BasicCredentials credentials = request.credentials().get();
        Optional<String> facility = Optional.ofNullable(credentials.arguments().get("facility")).filter(f -> !f.isEmpty());
        Optional<SyncRecord> user = login.authenticate(credentials.username(), credentials.password(), facility);
        if (user.isEmpty()) {
            return new PublicResponse(401, Map.of("detail", "Invalid credentials."));
        }
        String facilityId = request.query().getOrDefault("facility_id", String.valueOf(user.get().get("facility_id")))
                .replace("-", "").toLowerCase(java.util.Locale.ROOT);
        List<SyncRecord> listed = new ArrayList<>();
        if (users.isFacilityAdmin(user.get())) {
            records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, u -> {
                if (facilityId.equals(u.get("facility_id"))) {
                    listed.add(u);
                }
            });
        } else if (facilityId.equals(user.get().get("facility_id"))) {
            listed.add(user.get());
        }
        listed.sort(Comparator.comparing(SyncRecord::id));
        List<Map<String, Object>> out = new ArrayList<>();
        listed.forEach(u -> out.add(describe(u)));
        return PublicResponse.ok(out);
    }

    private Map<String, Object> describe(SyncRecord user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", user.id());
        out.put("username", user.get("username"));
        out.put("full_name", user.get("full_name"));
        out.put("facility", user.get("facility_id"));
        out.put("id_number", user.get("id_number"));
        out.put("gender", user.get("gender"));
        out.put("birth_year", user.get("birth_year"));
        out.put("is_superuser", false);
        out.put("roles", users.roleKinds(user));
        return out;
    }
}
