/**
 * Felix Health Checks of a node, all tagged {@value org.facilitysync.console.health.NodeHealthChecks#TAG}:
 * the database, the pipeline, the HTTP API, stuck transfer sessions and failed background jobs.
 */
package org.facilitysync.console.health;
