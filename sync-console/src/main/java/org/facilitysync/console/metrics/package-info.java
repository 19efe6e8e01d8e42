/** Prometheus metrics of the node at {@code /metrics}, collected with Micrometer (embedded, private). */
package org.facilitysync.console.metrics;
