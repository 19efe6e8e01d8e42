package org.facilitysync.core.internal.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which sessions {@link StaleSessionCollector} closes: Morango's {@code cleanupsyncs} options.
 *
 * @param expiration how long without activity makes a session stale (Morango's {@code --expiration},
 *        6 h by default; Kolibri's post-sync cleanup uses 1 h; zero closes everything matching now)
 * @param syncSessionIds only these sync sessions ({@code --ids}); empty for all
 * @param clientInstanceId only sync sessions with this client instance, or null
 * @param serverInstanceId only sync sessions with this server instance, or null
 * @param filterPrefix only transfer sessions whose filter starts with this ({@code --sync-filter}), or null
 * @param push only pushes ({@code --push} without {@code --pull})
 * @param pull only pulls ({@code --pull} without {@code --push}); both or neither mean either direction
 */
public record StaleSessionCriteria(Duration expiration, List<String> syncSessionIds, String clientInstanceId,
                                   String serverInstanceId, String filterPrefix, boolean push, boolean pull) {

    /** Morango's default expiration. */
    public static final Duration DEFAULT_EXPIRATION = Duration.ofHours(6);

    public StaleSessionCriteria {
        Objects.requireNonNull(expiration, "expiration");
        if (expiration.isNegative()) {
            throw new IllegalArgumentException("expiration must not be negative: " + expiration);
        }
        syncSessionIds = List.copyOf(syncSessionIds);
    }

    /** Every session inactive for {@code expiration}. */
    public static StaleSessionCriteria olderThan(Duration expiration) {
        return new StaleSessionCriteria(expiration, List.of(), null, null, null, false, false);
    }

    public StaleSessionCriteria withSyncSessionIds(List<String> ids) {
        return new StaleSessionCriteria(expiration, ids, clientInstanceId, serverInstanceId, filterPrefix, push, pull);
    }

    public StaleSessionCriteria withInstances(String client, String server) {
        return new StaleSessionCriteria(expiration, syncSessionIds, client, server, filterPrefix, push, pull);
    }

    public StaleSessionCriteria withFilterPrefix(String prefix) {
        return new StaleSessionCriteria(expiration, syncSessionIds, clientInstanceId, serverInstanceId, prefix, push, pull);
    }

    public StaleSessionCriteria onlyPushes() {
        return new StaleSessionCriteria(expiration, syncSessionIds, clientInstanceId, serverInstanceId, filterPrefix,
                true, false);
    }

    public StaleSessionCriteria onlyPulls() {
        return new StaleSessionCriteria(expiration, syncSessionIds, clientInstanceId, serverInstanceId, filterPrefix,
                false, true);
    }
}
