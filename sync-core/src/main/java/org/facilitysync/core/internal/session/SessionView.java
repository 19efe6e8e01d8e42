package org.facilitysync.core.internal.session;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.facilitysync.api.SessionAttributes;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;

/**
 * The read-only {@link SyncContext} that operations and hooks get: the transfer session's row as it
 * was when the view was taken, plus the sync session's live attributes.
 *
 * <p>A fixed row rather than a live one, so that the values an operation reads are consistent with
 * each other, and so that a JDBC store is not queried on every getter.
 */
public final class SessionView implements SyncContext {

    private final TransferSessionRow row;
    private final SessionAttributes attributes;
    private final Map<Class<?>, Object> attached;

    SessionView(TransferSessionRow row, SessionAttributes attributes) {
        this(row, attributes, Map.of());
    }

    SessionView(TransferSessionRow row, SessionAttributes attributes, Map<Class<?>, Object> attached) {
        this.row = Objects.requireNonNull(row, "row");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.attached = Objects.requireNonNull(attached, "attached");
    }

    /**
     * The object of {@code type} this process attached to the context's transfer session
     * ({@link MutableTransferState#attach}), if any: what the core's own operations need beyond the stored
     * row, typed, instead of a side map keyed by transfer session id.
     */
    public static <T> Optional<T> attached(SyncContext context, Class<T> type) {
        return context instanceof SessionView view ? Optional.ofNullable(type.cast(view.attached.get(type)))
                : Optional.empty();
    }

    @Override
    public String syncSessionId() {
        return row.syncSessionId();
    }

    @Override
    public String transferSessionId() {
        return row.transferSessionId();
    }

    @Override
    public SyncStage stage() {
        return row.stage();
    }

    @Override
    public TransferStatus status() {
        return row.status();
    }

    @Override
    public boolean isPush() {
        return row.push();
    }

    @Override
    public boolean isServer() {
        return row.server();
    }

    @Override
    public SyncFilter filter() {
        return row.filter();
    }

    @Override
    public Set<String> capabilities() {
        return row.capabilities();
    }

    @Override
    public Optional<String> error() {
        return Optional.ofNullable(row.error());
    }

    @Override
    public long recordsTotal() {
        return row.recordsTotal();
    }

    @Override
    public long recordsTransferred() {
        return row.recordsTransferred();
    }

    @Override
    public SessionAttributes attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "transfer session " + row.transferSessionId() + " (" + (row.push() ? "push" : "pull") + ", "
                + (row.server() ? "server" : "client") + ") at stage '" + row.stage().wireName() + "', status '"
                + row.status().wireName() + "'";
    }
}
