package org.facilitysync.core.internal.session;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * A {@link TransferSessionStore} that keeps everything in memory, until the JDBC store exists.
 *
 * <p>Registered with a low {@code service.ranking} so that a persistent store, once registered,
 * is preferred. Nothing survives a restart, and ended transfer sessions are never evicted.
 */
@Component(service = TransferSessionStore.class, property = Constants.SERVICE_RANKING + ":Integer=-1000")
public final class InMemoryTransferSessionStore implements TransferSessionStore {

    private final ConcurrentMap<String, TransferSessionRow> transferSessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, String>> attributesBySyncSession =
            new ConcurrentHashMap<>();
    private final ConcurrentMap<String, StepLease> leases = new ConcurrentHashMap<>();

    private record StepLease(String owner, long untilMillis) {
    }

    @Override
    public void insert(TransferSessionRow row) {
        TransferSessionRow existing = transferSessions.putIfAbsent(row.transferSessionId(), row);
        if (existing != null) {
            throw new IllegalStateException("transfer session " + row.transferSessionId()
                    + (existing.active() ? " is already in progress (stage '" + existing.stage().wireName()
                            + "', status '" + existing.status().wireName() + "')"
                            : " has already ended; transfer session ids are not reused"));
        }
    }

    @Override
    public Optional<TransferSessionRow> find(String transferSessionId) {
        return Optional.ofNullable(transferSessions.get(transferSessionId));
    }

    /** {@inheritDoc} {@code change} runs under the map's bin lock, so it must not call this store. */
    @Override
    public TransferSessionRow update(String transferSessionId, UnaryOperator<TransferSessionRow> change) {
        TransferSessionRow written = transferSessions.computeIfPresent(transferSessionId, (id, before) -> {
            TransferSessionRow after = change.apply(before);
            TransferSessionRow.requireValidChange(before, after);
            return after;
        });
        if (written == null) {
            throw new NoSuchElementException("no transfer session " + transferSessionId);
        }
        return written;
    }

    @Override
    public Optional<String> attribute(String syncSessionId, String key) {
        Map<String, String> attributes = attributesBySyncSession.get(syncSessionId);
        return attributes == null ? Optional.empty() : Optional.ofNullable(attributes.get(key));
    }

    @Override
    public Map<String, String> attributes(String syncSessionId) {
        Map<String, String> attributes = attributesBySyncSession.get(syncSessionId);
        return attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    @Override
    public void putAttribute(String syncSessionId, String key, String value) {
        attributesBySyncSession.computeIfAbsent(syncSessionId, id -> new ConcurrentHashMap<>()).put(key, value);
    }

    @Override
    public void removeAttribute(String syncSessionId, String key) {
        Map<String, String> attributes = attributesBySyncSession.get(syncSessionId);
        if (attributes != null) {
            attributes.remove(key);
        }
    }

    @Override
    public boolean claimStep(String transferSessionId, String owner, long untilMillis) {
        if (!transferSessions.containsKey(transferSessionId)) {
            return false;
        }
        StepLease claimed = new StepLease(owner, untilMillis);
        long now = System.currentTimeMillis();
        return leases.compute(transferSessionId, (id, held) -> held == null || held.untilMillis() < now
                || held.owner().equals(owner) ? claimed : held) == claimed;
    }

    @Override
    public boolean renewStep(String transferSessionId, String owner, long untilMillis) {
        StepLease renewed = new StepLease(owner, untilMillis);
        return leases.computeIfPresent(transferSessionId, (id, held) -> held.owner().equals(owner) ? renewed : held)
                == renewed;
    }

    @Override
    public void releaseStep(String transferSessionId, String owner) {
        leases.computeIfPresent(transferSessionId, (id, held) -> held.owner().equals(owner) ? null : held);
    }

    @Override
    public Optional<String> stepHolder(String transferSessionId) {
        return Optional.ofNullable(leases.get(transferSessionId)).map(StepLease::owner);
    }

    @Override
    public boolean takeOverStep(String transferSessionId, String holder, String owner, long untilMillis) {
        StepLease claimed = new StepLease(owner, untilMillis);
        return leases.computeIfPresent(transferSessionId, (id, held) -> held.owner().equals(holder) ? claimed : held)
                == claimed;
    }
}
