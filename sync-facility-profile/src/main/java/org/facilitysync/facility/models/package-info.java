/**
 * Kolibri's facility models, declared as {@link org.facilitysync.api.model.SyncableModel}s of the
 * {@code facilitydata} profile: one class per Kolibri app (auth, logger, exams, lessons, bookmarks, device), with the
 * morango model names, fields, partitions and source ids Kolibri computes. Private to the bundle:
 * other bundles see the models through the {@link org.facilitysync.api.model.SyncProfile} service.
 */
@Version("1.0.0")
package org.facilitysync.facility.models;

import org.osgi.annotation.versioning.Version;
