/**
 * Facilities on this node and Kolibri's {@code sync} command: certificates found or requested, the
 * scope's filters, pull then push over the network client.
 */
package org.facilitysync.core.internal.facility;
