package org.facilitysync.api.monitor;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only view of the sync activity stored in the node's database. Registered by the core.
 *
 * <p>Every method reads the database when called (nothing is cached in one process), so what it answers
 * holds for the whole hub tier. A database that cannot be read makes the methods throw an unchecked
 * exception whose message says why; {@link #database()} reports it instead.
 */
@ProviderType
public interface SyncMonitor {

    /** The transfer sessions that {@code query} selects, newest activity first. */
    List<TransferActivity> transfers(ActivityQuery query);

    /**
     * The peers this node synced with, one entry per peer with its latest transfer, most recent first:
     * the devices that synced with a hub, or the servers a device synced with.
     */
    List<PeerActivity> peers(ActivityQuery query);

    /** The background jobs recorded for transfer sessions (sync extras), newest first. */
    List<BackgroundJob> backgroundJobs(ActivityQuery query);

    /** Whether the database answers, its schema version and, for an embedded database, the free disk. */
    DatabaseStatus database();
}
