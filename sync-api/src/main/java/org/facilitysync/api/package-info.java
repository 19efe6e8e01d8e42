/**
 * The facilitysync plugin SPI and programmatic API.
 *
 * <p>Plugin bundles contribute {@link org.facilitysync.api.SyncOperation} services (vital work inside a
 * stage) and {@link org.facilitysync.api.FacilityDataSyncHook} services (fail-tolerant work before and
 * after a transfer). Both are whiteboard services: register them, and the next transfer session that
 * starts picks them up. {@link org.facilitysync.api.execution.SyncPipeline} is the core's view of that whiteboard
 * and the entry point for driving a transfer session through its stages.
 *
 * <p>Types marked {@code @ConsumerType} are implemented by plugins; types marked {@code @ProviderType}
 * are implemented by facilitysync only.
 */
@Export
@Version("1.1.0")
package org.facilitysync.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
