package org.facilitysync.core.internal.exchange;

import org.facilitysync.core.internal.storage.InstanceIdStore.VersionStamp;

/**
 * What one dequeue did.
 *
 * @param stamp the version stamp this dequeue took (merge conflicts are restamped with it)
 * @param reverseFastForwards buffered records dropped because the Store had that version or a newer one
 * @param mergeConflicts records merged into the local version
 * @param fastForwards records that replaced the Store's version or were new to it
 * @param databaseMaxCountersRaised DatabaseMaxCounter rows the sender's FSIC raised
 */
public record DequeueResult(VersionStamp stamp, int reverseFastForwards, int mergeConflicts, int fastForwards,
                            int databaseMaxCountersRaised) {
}
