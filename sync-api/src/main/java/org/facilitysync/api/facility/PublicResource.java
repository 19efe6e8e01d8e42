package org.facilitysync.api.facility;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One resource of the application's public HTTP API beside Morango's, for example Kolibri's
 * {@code /api/public/info/} or {@code /api/public/v1/facility/}: what peers of the application ask before
 * and around a sync. The core serves every registered resource under {@value #ROOT} and writes its
 * answers as JSON; the profile that owns the data provides the resources, one service per wire resource.
 *
 * <p>Register an implementation as an OSGi service with {@link #PATH}. A request for
 * {@code ROOT + path + "/"} reaches it without an id, one for {@code ROOT + path + "/<id>/"} with that
 * id; anything else under {@value #ROOT} is 404. Of two resources with one path, the higher
 * {@code service.ranking} wins.
 *
 * <p>Calls may come from many threads at once. Keep no state in fields that another process of a hub
 * tier would need: such state belongs in the database.
 */
@ConsumerType
public interface PublicResource {

    /** Where the public API is served. */
    String ROOT = "/api/public/";

    /**
     * Service property: the resource's path below {@link #ROOT}, without slashes at either end
     * ({@code v1/facility}); a String[] for a resource served at several paths.
     */
    String PATH = "sync.public.path";

    /**
     * Answers a request.
     *
     * @return the answer; never null
     */
    PublicResponse handle(PublicRequest request);
}
