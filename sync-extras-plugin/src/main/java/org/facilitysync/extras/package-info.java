/**
 * Background initialization and finalization: long server-side stages of large syncs run as durable
 * background jobs, so no request waits for them. Private to the bundle; enabled through ConfigAdmin
 * (PID {@code org.facilitysync.extras}) only.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.facilitysync.extras;
