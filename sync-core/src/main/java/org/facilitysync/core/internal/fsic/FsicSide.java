package org.facilitysync.core.internal.fsic;

/**
 * Which end of a transfer an FSIC is computed for. Morango computes them differently: the
 * producer promises what it can send, the receiver must not over-promise what it has.
 */
public enum FsicSide {
    /** The side that queues and sends records. */
    PRODUCER,
    /** The side that receives and dequeues records. */
    RECEIVER
}
