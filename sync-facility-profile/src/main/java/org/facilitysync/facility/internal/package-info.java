/** The bundle's service components; private. */
@Version("1.0.0")
package org.facilitysync.facility.internal;

import org.osgi.annotation.versioning.Version;
