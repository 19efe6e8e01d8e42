/**
 * What operators see of a node's sync activity: a small, read-only monitoring API.
 *
 * <p>The core implements {@link SyncMonitor} over the node's database, so any node of a hub tier that
 * shares the database sees every sync, whichever process served it. Consoles, health checks and
 * metrics read through it and change nothing. The value types are records; {@link ActivityQuery} is a
 * parameter object that can grow without breaking callers.
 */
@Export
@Version("1.0.0")
package org.facilitysync.api.monitor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
