package org.facilitysync.facility.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.facilitysync.api.facility.PublicRequest;
import org.facilitysync.api.facility.PublicResource;
import org.facilitysync.api.facility.PublicResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code GET /api/public/info/} ({@code ?v=1}, {@code 2}, {@code 3}): Kolibri's {@code get_device_info}, which
 * a Kolibri device asks first; it refuses to sync with a peer that does not answer
 * {@code "application": "kolibri"}. Without {@code v} the fields of version 1; an unknown version gets the
 * newest (3), as in Kolibri.
 */
@Component(service = PublicResource.class, property = PublicResource.PATH + "=info",
        configurationPid = PublicInfoResource.PID)
@Designate(ocd = PublicInfoResource.Config.class)
public final class PublicInfoResource implements PublicResource {

    /** The configuration PID. */
    public static final String PID = "org.facilitysync.facility.info";

    @ObjectClassDefinition(name = "facilitysync Kolibri device info",
            description = "What /api/public/info/ tells Kolibri devices about this node.")
    public @interface Config {
        @AttributeDefinition(name = "Device name", description = "Empty: the host's name.", required = false)
        String device_name() default "";
    }

    private static final List<String> V1 = List.of("application", "kolibri_version", "instance_id", "device_name",
            "operating_system");
    private static final Map<String, List<String>> KEYS = Map.of("1", V1,
            "2", concat(V1, "subset_of_users_device"),
            "3", concat(V1, "subset_of_users_device", "min_content_schema_version"));

    private volatile String deviceName;

    @Activate
    @Modified
    public void configure(Config config) {
        deviceName = config.device_name().isBlank() ? hostName() : config.device_name().strip();
    }

    @Override
    public PublicResponse handle(PublicRequest request) {
        if (request.id().isPresent()) {
            return new PublicResponse(404, Map.of("detail", "Not found."));
        }
        if (!request.method().equals("GET")) {
            return KolibriRelease.methodNotAllowed(request.method());
        }
        Map<String, Object> all = Map.of("application", "kolibri",
                "kolibri_version", KolibriRelease.VERSION,
                "instance_id", request.instanceId(),
                "device_name", deviceName,
                "operating_system", System.getProperty("os.name", ""),
                "subset_of_users_device", false,
                "min_content_schema_version", KolibriRelease.MIN_CONTENT_SCHEMA_VERSION);
        List<String> keys = KEYS.getOrDefault(request.query().getOrDefault("v", "1"), KEYS.get("3"));
        Map<String, Object> info = new LinkedHashMap<>();
        keys.forEach(key -> info.put(key, all.get(key)));
        return PublicResponse.ok(info);
    }

    /** The host's name without asking DNS (which may hang on a device offline). */
    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                name = "";
            }
        }
        return name.isBlank() ? "facilitysync" : name;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
