package org.facilitysync.facility.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.facilitysync.api.facility.PublicRequest;
import org.facilitysync.api.facility.PublicResource;
import org.facilitysync.api.facility.PublicResponse;
import org.facilitysync.api.facility.SyncAdmission;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/public/v1/syncqueue/} (also {@code /api/public/syncqueue/}) with
 * {@code {"user": <user id>, "instance": <device instance id>}}: Kolibri's {@code SyncQueueAPIView}, where a
 * learner-only device queues for a sync slot. Answers {@code {"id", "status", "keep_alive"}}; the queue
 * itself is the core's {@link SyncAdmission}, in the database. The admission limit and the devices' sync
 * interval are configured with {@code load/org.facilitysync.facility.syncqueue.cfg}.
 */
@Component(service = PublicResource.class, property = {PublicResource.PATH + "=v1/syncqueue",
        PublicResource.PATH + "=syncqueue"}, configurationPid = SyncQueueResource.PID)
@Designate(ocd = SyncQueueResource.Config.class)
public final class SyncQueueResource implements PublicResource {

    /** The configuration PID. */
    public static final String PID = "org.facilitysync.facility.syncqueue";

    @ObjectClassDefinition(name = "facilitysync learner-only sync queue",
            description = "How many learner-only devices this hub lets sync at once (Kolibri's SyncQueue).")
    public @interface Config {
        @AttributeDefinition(name = "Admission limit", min = "1",
                description = "Devices ready or syncing at once; the others wait their turn (Kolibri: 1).")
        int max_concurrent_syncs() default 1;

        @AttributeDefinition(name = "Sync interval (seconds)", min = "11",
                description = "How often devices sync (Kolibri's SYNC_INTERVAL); bounds how long one is told to wait.")
        int sync_interval_seconds() default 60;
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Logger LOG = LoggerFactory.getLogger(SyncQueueResource.class);

    /** The limits in force. */
    private record Limits(int maxConcurrentSyncs, int syncIntervalSeconds) {
    }

    private final SyncRecords records;
    private final SyncAdmission admission;
    private volatile Limits limits = new Limits(1, 60);

    @Activate
    public SyncQueueResource(@Reference SyncRecords records, @Reference SyncAdmission admission, Config config) {
        this.records = records;
        this.admission = admission;
        configure(config);
    }

    /** A bad value is refused with one log line naming it; the limits in force stay. */
    @Modified
    void configure(Config config) {
        if (config.max_concurrent_syncs() < 1 || config.sync_interval_seconds() < 11) {
            LOG.warn("{}: max_concurrent_syncs must be at least 1 and sync_interval_seconds at least 11, not {} and {};"
                    + " keeping {} and {}", PID, config.max_concurrent_syncs(), config.sync_interval_seconds(),
                    limits.maxConcurrentSyncs(), limits.syncIntervalSeconds());
            return;
        }
        limits = new Limits(config.max_concurrent_syncs(), config.sync_interval_seconds());
    }

    @Override
    public PublicResponse handle(PublicRequest request) {
        if (request.id().isPresent()) {
            return new PublicResponse(404, Map.of("detail", "Not found."));
        }
        if (!request.method().equals("POST")) {
            return KolibriRelease.methodNotAllowed(request.method());
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        String user = hexUuid(request.data(), "user", errors);
        String instance = hexUuid(request.data(), "instance", errors);
        if (!errors.isEmpty()) {
            return new PublicResponse(400, errors);
        }
        if (records.read(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER, user).isEmpty()) {
            return KolibriRelease.notFound("Sync Queue Api");
        }
        Limits current = limits;
        SyncAdmission.Ticket ticket = admission.admit(user, instance, current.maxConcurrentSyncs(),
                current.syncIntervalSeconds());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", ticket.id());
        out.put("status", ticket.status().name());
        double keepAlive = ticket.keepAliveSeconds();
        out.put("keep_alive", keepAlive == Math.rint(keepAlive) ? (Object) (long) keepAlive : keepAlive);
        return PublicResponse.ok(out);
    }

    /** Kolibri's {@code HexOnlyUUIDField}: any UUID form in, 32 hex digits out; its errors as Kolibri lists them. */
    private static String hexUuid(Map<String, Object> data, String field, List<Map<String, Object>> errors) {
        Object value = data.get(field);
        if (value == null) {
            errors.add(error("REQUIRED", field, "This field is required."));
            return null;
        }
        String text = String.valueOf(value).toLowerCase(Locale.ROOT);
        if (!(value instanceof String) || !UUID.matcher(text).matches()) {
            errors.add(error("INVALID", field, "Must be a valid UUID."));
            return null;
        }
        return text.replace("-", "");
    }

    private static Map<String, Object> error(String id, String field, String message) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("field", field);
        metadata.put("message", message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("id", id);
        error.put("metadata", metadata);
        return error;
    }
}
