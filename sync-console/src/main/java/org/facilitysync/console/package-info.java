/**
 * What an operator sees of a node: the "Sync" page of the Felix Web Console, Felix Health Checks and
 * Prometheus metrics. Everything here reads through {@code org.facilitysync.api.monitor} and the
 * pipeline API; nothing reaches into the core. Exports nothing.
 */
package org.facilitysync.console;
