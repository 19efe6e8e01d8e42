/**
 * Facilities on a node and who may sync them: the parts of Kolibri's facility syncing that sit
 * above the engine.
 *
 * <p>A profile bundle implements {@link CertificateAuthorizer} (who may obtain which certificate
 * through a signing request) and {@link FacilityProvisioner} (the records a new facility starts
 * with). The core implements {@link FacilityService} (create and list facilities, list
 * certificates) and {@link FacilitySyncService} (Kolibri's {@code sync} command: handshake, pull
 * then push).
 *
 * <p>A profile also serves the application's public endpoints beside Morango's API: each
 * {@link PublicResource} is one wire resource under {@code /api/public/}, and a
 * {@link MorangoInfoContributor} adds the application's fields to {@code morangoinfo}.
 *
 * <p>Version 2.0.0: {@link FacilitySyncRequest} is a parameter object that grows through {@code withX} (no
 * public constructor), and its options are {@code org.facilitysync.api.execution.SyncOptions}.
 */
@Export
@Version("2.0.0")
package org.facilitysync.api.facility;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
