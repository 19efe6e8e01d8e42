/**
 * The core's OSGi wiring: the {@link org.facilitysync.api.execution.SyncPipeline} service, composed from the
 * whiteboard, the transfer session store and the stage controller. Nothing here is exported.
 */
package org.facilitysync.core.internal;
