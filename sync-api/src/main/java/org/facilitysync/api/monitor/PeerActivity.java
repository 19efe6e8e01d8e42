package org.facilitysync.api.monitor;

import java.util.Objects;

/**
 * A peer this node synced with, and its latest transfer.
 *
 * @param peer the peer, as {@link TransferActivity#peer()} names it
 * @param transfers how many transfers with it are stored
 * @param latest its latest transfer
 */
public record PeerActivity(String peer, long transfers, TransferActivity latest) {

    public PeerActivity {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(latest, "latest");
    }
}
