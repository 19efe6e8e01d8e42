/**
 * The facilitysync plugin SPI: what a plugin implements, and what it is handed when it is called (as
 * Felix Health Checks' {@code hc.api}; what code that runs syncs calls is in
 * {@link org.facilitysync.api.execution}, as {@code hc.api.execution}).
 *
 * <p>Plugin bundles contribute {@link org.facilitysync.api.SyncOperation} services (vital work inside a
 * stage; {@link org.facilitysync.api.OncePerStageOperation} for a side effect once per stage) and
 * {@link org.facilitysync.api.FacilityDataSyncHook} services (fail-tolerant work before and after a
 * transfer). Both are whiteboard services: register them, and the next transfer session that starts
 * picks them up. Declare an operation's stages and priority with
 * {@link org.facilitysync.api.SyncOperationStage} on its Declarative Services component.
 *
 * <p>Which type lives here is decided by who implements it and who calls it: a type is in this package
 * when a plugin implements it ({@code SyncOperation}, {@code FacilityDataSyncHook},
 * {@code OncePerStageOperation}), annotates with it ({@code SyncOperationStage}), or receives it as an
 * argument or an answer of what it receives ({@code SyncContext}, {@code SessionAttributes},
 * {@code TransferEvent}, {@code StageResult}, {@code SyncStage}, {@code TransferStatus},
 * {@code SyncFilter}). Types that only a caller of the engine touches (services to call, their
 * parameters and results, the pipeline's listing) are in {@code org.facilitysync.api.execution}, which
 * depends on this package and never the other way round.
 *
 * <p>Types marked {@code @ConsumerType} are implemented by plugins; types marked {@code @ProviderType}
 * are implemented by facilitysync only.
 *
 * <p>Version 2.0.0: the caller API moved out to {@code org.facilitysync.api.execution} (issue #11), and
 * {@link org.facilitysync.api.OncePerStageOperation} gained {@code forgetHistory}.
 */
@Export
@Version("2.0.0")
package org.facilitysync.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
