/**
 * The node's trust store: the certificates it holds (its own, with their private keys, and those of
 * peers it verified), the scope definitions they refer to, and the single-use nonces of the session
 * handshake. Backed by Morango's {@code morango_certificate}, {@code morango_scopedefinition} and
 * {@code morango_nonce} tables, so a node's trust survives restarts exactly as Morango's does.
 */
package org.facilitysync.core.internal.trust;
