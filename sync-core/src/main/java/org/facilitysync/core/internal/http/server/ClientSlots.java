package org.facilitysync.core.internal.http.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many requests each client address has in progress, so that one address cannot hold every
 * connection's worth of memory and handling. Connection state of this process only (not sync state):
 * each node of a hub tier limits what reaches it.
 */
final class ClientSlots {

    private final int perClient;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    ClientSlots(int perClient) {
        this.perClient = perClient;
    }

    int perClient() {
        return perClient;
    }

    /** Takes a slot for {@code address}; false when it has all of its slots in use. */
    boolean tryEnter(String address) {
        boolean[] entered = {false};
        inProgress.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perClient) {
                return n;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    void leave(String address) {
        inProgress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
}
