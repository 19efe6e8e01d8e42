package org.facilitysync.api.facility;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Kolibri's {@code sync} command as a service: connect to a peer, find or obtain the certificates for
 * the facility (a signing request with an admin's credentials when this node has none), open a sync
 * session, pull then push, and close the session.
 */
@ProviderType
public interface FacilitySyncService {

    /**
     * Runs a sync to its end on the calling thread.
     *
     * @throws FacilitySyncException when the sync cannot start or a transfer fails; the message says
     *         why in one sentence, and a failed transfer stays stored for {@link #resume}
     */
    FacilitySyncResult sync(FacilitySyncRequest request);

    /**
     * Continues a sync session that this node opened and that was broken, from the stage and offset
     * its transfer reached, then runs the directions of the request that had not completed.
     *
     * @throws FacilitySyncException as {@link #sync}
     */
    FacilitySyncResult resume(String syncSessionId, FacilitySyncRequest request);
}
