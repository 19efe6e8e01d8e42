/**
 * The facilitysync caller API: what code that runs syncs uses (see {@code org.facilitysync.api} for the
 * plugin SPI).
 */
@Export
@Version("1.0.0")
package org.facilitysync.api.execution;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
