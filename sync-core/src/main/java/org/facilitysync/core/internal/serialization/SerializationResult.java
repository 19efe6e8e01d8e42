package org.facilitysync.core.internal.serialization;

import org.facilitysync.core.internal.storage.InstanceIdStore.VersionStamp;

/**
 * What one serialization pass did.
 *
 * @param profile the profile serialized
 * @param stamp the version stamp of the pass (this instance and its new counter)
 * @param serialized app records written to the Store (new and updated)
 * @param created of those, records that had no Store row yet
 * @param deleted Store rows turned into tombstones from the deletion queue
 * @param hardDeleted of the tombstones, rows blanked by a hard deletion
 */
public record SerializationResult(String profile, VersionStamp stamp, long serialized, long created, long deleted,
                                  long hardDeleted) {
}
