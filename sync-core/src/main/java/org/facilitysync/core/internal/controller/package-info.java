/**
 * Drives one transfer session through its stages with Morango's {@code SessionController} contract,
 * using one pipeline snapshot for the session's whole life.
 */
package org.facilitysync.core.internal.controller;
