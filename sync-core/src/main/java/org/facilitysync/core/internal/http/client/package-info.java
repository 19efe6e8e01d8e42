/**
 * The client side of Morango's HTTP API ({@code api/morango/v1/}): {@link
 * org.facilitysync.core.internal.http.client.MorangoHttpClient} speaks every call of a sync to one
 * peer (JDK {@code HttpClient}, retries within a deadline, gzip, optional trust of a self-signed hub),
 * and {@link org.facilitysync.core.internal.http.client.HttpPeer} is the engine's
 * {@link org.facilitysync.core.internal.engine.PeerConnection} over it.
 */
package org.facilitysync.core.internal.http.client;
