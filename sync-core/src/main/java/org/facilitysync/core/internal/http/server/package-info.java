/**
 * Morango's HTTP API ({@code /api/morango/v1/}) on the OSGi servlet whiteboard: what a Morango 0.8
 * client, or this project's own HTTP client, talks to. {@link
 * org.facilitysync.core.internal.http.server.MorangoApiServlet} moves bytes between the container and
 * the API (body limits and deadlines, asynchronous reads, gzip answers); {@link
 * org.facilitysync.core.internal.http.server.ApiRequestReader} checks a request's form (query, media type,
 * gzip, UTF-8; a push's body as it is read, see {@code RequestBody}); {@link
 * org.facilitysync.core.internal.http.server.MorangoApi} routes it to one handler per resource
 * ({@code MorangoInfoResource}, {@code CertificateResource}, {@code NonceResource},
 * {@code SyncSessionResource}, {@code TransferSessionResource}, {@code BufferResource}). Each handler
 * reads and writes bodies only through the resource's class in {@code internal.wire}, and reads session
 * state only through the engine's {@code TransferServer}, which reads it from the database: nothing is
 * kept between requests, so any node of a hub tier can answer any request.
 */
package org.facilitysync.core.internal.http.server;
