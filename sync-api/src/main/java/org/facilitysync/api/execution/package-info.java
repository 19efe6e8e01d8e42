/**
 * The facilitysync caller API: what code that runs syncs uses (as Felix Health Checks'
 * {@code hc.api.execution}; what a plugin implements is in {@link org.facilitysync.api}).
 *
 * <p>{@link org.facilitysync.api.execution.SyncService} syncs with a peer and lists and cleans up
 * transfer sessions, with {@link org.facilitysync.api.execution.SyncPeer},
 * {@link org.facilitysync.api.execution.SyncOptions} and {@link org.facilitysync.api.execution.SyncProgress}
 * in and {@link org.facilitysync.api.execution.TransferResult} and
 * {@link org.facilitysync.api.execution.TransferSummary} out.
 * {@link org.facilitysync.api.execution.SyncPipeline} is the core's view of the whiteboard of operations
 * and hooks ({@link org.facilitysync.api.execution.PipelineEntry}, for listings such as
 * {@code sync:pipeline}) and begins transfer sessions ({@link org.facilitysync.api.execution.TransferRequest})
 * that a {@link org.facilitysync.api.execution.TransferController} drives through their stages: this is what
 * a server answering a peer and a client starting a sync call. No plugin implements or receives any of these
 * types, which is why they are apart from the SPI: a plugin imports {@code org.facilitysync.api} alone, and
 * a change here that callers must follow does not touch plugins.
 *
 * <p>Every type here is {@code @ProviderType} or a value the provider makes or checks. The parameter
 * objects ({@code SyncOptions}, {@code TransferRequest}) have private constructors and grow through
 * {@code withX} methods or their builder, so a new option is a minor version.
 */
@Export
@Version("1.0.0")
package org.facilitysync.api.execution;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
