/**
 * Morango's HTTP API ({@code /api/morango/v1/}) on the OSGi servlet whiteboard: what a Morango 0.8
 * client, or this project's own HTTP client, talks to. {@link
 * org.facilitysync.core.internal.http.server.MorangoApi} decides every answer from a plain request;
 * {@link org.facilitysync.core.internal.http.server.MorangoApiServlet} only moves bytes between it
 * and the servlet container (body limits, gzip, content types).
 */
package org.facilitysync.core.internal.http.server;
