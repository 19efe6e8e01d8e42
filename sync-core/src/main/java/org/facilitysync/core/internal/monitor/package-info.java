/** The core's {@link org.facilitysync.api.monitor.SyncMonitor}: sync activity read from the database. */
package org.facilitysync.core.internal.monitor;
