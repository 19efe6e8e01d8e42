package org.facilitysync.facility.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.facilitysync.api.facility.MorangoInfoContributor;
import org.facilitysync.api.facility.PublicResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The Kolibri release this profile's data and public API follow, and the key a Kolibri server adds to
 * {@code morangoinfo} ({@code "kolibri": "0.17.5"}, before Morango's own keys).
 */
@Component(service = MorangoInfoContributor.class)
public final class KolibriRelease implements MorangoInfoContributor {

    /** {@code kolibri.__version__} of the release followed. */
    static final String VERSION = "0.17.5";

    /** Kolibri's {@code MIN_CONTENT_SCHEMA_VERSION} in that release. */
    static final String MIN_CONTENT_SCHEMA_VERSION = "5";

    @Override
    public Map<String, Object> morangoInfoFields() {
        return Map.of("kolibri", VERSION);
    }

    /** Django REST framework's 405 for a method a view does not offer. */
    static PublicResponse methodNotAllowed(String method) {
        return new PublicResponse(405, Map.of("detail", "Method \"" + method + "\" not allowed."));
    }

    /** Kolibri's 404 body for a missing object of a view ({@code NOT_FOUND} with the view's name). */
    static PublicResponse notFound(String view) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("view", view);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("id", "NOT_FOUND");
        error.put("metadata", metadata);
        return new PublicResponse(404, java.util.List.of(error));
    }
}
