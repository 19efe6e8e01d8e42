/**
 * The client side of Morango's HTTP API ({@code api/morango/v1/}): {@link
 * org.facilitysync.core.internal.http.client.MorangoHttpClient} has an endpoint method for every call of a sync
 * to one peer; {@link org.facilitysync.core.internal.http.client.MorangoTransport} takes each call there (JDK
 * {@code HttpClient}, headers, gzip, redirects within the peer, retries within a deadline as {@code CallAttempts}
 * decides and words them, optional trust of a self-signed hub); and {@link
 * org.facilitysync.core.internal.http.client.HttpPeer} is the engine's {@link
 * org.facilitysync.core.internal.engine.PeerConnection} over the endpoints.
 */
package org.facilitysync.core.internal.http.client;
