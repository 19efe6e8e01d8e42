package org.facilitysync.api.facility;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A queue of devices waiting for a sync slot on a busy server (Kolibri's {@code SyncQueue}): a learner-only
 * device asks periodically; while fewer than the admission limit are ready or syncing, the device that
 * waited longest since its last sync is let in ({@link Status#READY}), the others are told when to ask
 * again. The core keeps the queue in the database, so every process of a hub tier admits from one queue.
 */
@ProviderType
public interface SyncAdmission {

    /** Where a device stands (Kolibri's {@code SyncQueueStatus} names on the wire). */
    enum Status {
        QUEUED, READY, SYNCING, STALE
    }

    /**
     * A device's position.
     *
     * @param id the queue entry's id (32 hex), the same while the device keeps its place
     * @param status whether it may sync now
     * @param keepAliveSeconds when to ask again
     */
    record Ticket(String id, Status status, double keepAliveSeconds) {
    }

    /**
     * Queues the device of {@code instanceId} for the user, or refreshes its place, and admits the next
     * device when a slot is free.
     *
     * @param maxConcurrent how many devices may be ready or syncing at once (at least 1)
     * @param syncIntervalSeconds how often devices sync; bounds the keep-alive and when an entry goes stale
     */
    Ticket admit(String userId, String instanceId, int maxConcurrent, int syncIntervalSeconds);
}
