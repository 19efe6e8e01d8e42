package org.facilitysync.api.execution;

import java.util.Objects;
import java.util.Set;

import org.facilitysync.api.SyncFilter;

/**
 * What a transfer session is begun with: its identity, direction, role, filter and the facts about
 * both sides' certificates that hooks are told.
 *
 * <p>A parameter object that can grow without breaking callers: it is made only by its {@link Builder}
 * ({@link #builder(String, String)}), so a new field is a new builder method with a default, a minor
 * version of this package. Immutable.
 */
public final class TransferRequest {

    private final String syncSessionId;
    private final String transferSessionId;
    private final boolean push;
    private final boolean server;
    private final SyncFilter filter;
    private final Set<String> capabilities;
    private final String datasetId;
    private final boolean localSingleUser;
    private final boolean remoteSingleUser;
    private final String singleUserId;

    private TransferRequest(Builder builder) {
        requireText(builder.syncSessionId, "syncSessionId");
        requireText(builder.transferSessionId, "transferSessionId");
        this.syncSessionId = builder.syncSessionId;
        this.transferSessionId = builder.transferSessionId;
        this.push = builder.push;
        this.server = builder.server;
        this.filter = Objects.requireNonNull(builder.filter, "filter");
        this.capabilities = builder.capabilities == null ? Set.of() : Set.copyOf(builder.capabilities);
        this.datasetId = builder.datasetId;
        this.localSingleUser = builder.localSingleUser;
        this.remoteSingleUser = builder.remoteSingleUser;
        this.singleUserId = builder.singleUserId;
    }

    /** The sync session this transfer belongs to; never blank. */
    public String syncSessionId() {
        return syncSessionId;
    }

    /** The transfer session's id (32 lowercase hex characters in Morango; the client chooses it); never blank. */
    public String transferSessionId() {
        return transferSessionId;
    }

    /** Whether records flow from client to server. */
    public boolean push() {
        return push;
    }

    /** Whether this node answers the sync. */
    public boolean server() {
        return server;
    }

    /** The partitions transferred. */
    public SyncFilter filter() {
        return filter;
    }

    /** The capabilities both sides have. */
    public Set<String> capabilities() {
        return capabilities;
    }

    /** The dataset (facility) synced; may be null before certificates exist. */
    public String datasetId() {
        return datasetId;
    }

    /** Whether this node uses a single-user certificate. */
    public boolean localSingleUser() {
        return localSingleUser;
    }

    /** Whether the peer uses a single-user certificate. */
    public boolean remoteSingleUser() {
        return remoteSingleUser;
    }

    /** The single user's id, or null. */
    public String singleUserId() {
        return singleUserId;
    }

    @Override
    public String toString() {
        return "TransferRequest[syncSessionId=" + syncSessionId + ", transferSessionId=" + transferSessionId
                + ", push=" + push + ", server=" + server + ", filter=" + filter + ", capabilities=" + capabilities
                + ", datasetId=" + datasetId + ", localSingleUser=" + localSingleUser + ", remoteSingleUser="
                + remoteSingleUser + ", singleUserId=" + singleUserId + "]";
    }

    /** A builder with a pull, client side, filter {@code [""]} and no capabilities. */
    public static Builder builder(String syncSessionId, String transferSessionId) {
        return new Builder(syncSessionId, transferSessionId);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Builds a {@link TransferRequest} step by step. Not thread-safe. */
    public static final class Builder {
        private final String syncSessionId;
        private final String transferSessionId;
        private boolean push;
        private boolean server;
        private SyncFilter filter = SyncFilter.of("");
        private Set<String> capabilities = Set.of();
        private String datasetId;
        private boolean localSingleUser;
        private boolean remoteSingleUser;
        private String singleUserId;

        private Builder(String syncSessionId, String transferSessionId) {
            this.syncSessionId = syncSessionId;
            this.transferSessionId = transferSessionId;
        }

        /** Records flow from client to server. */
        public Builder push() {
            this.push = true;
            return this;
        }

        /** Records flow from server to client (the default). */
        public Builder pull() {
            this.push = false;
            return this;
        }

        /** This node answers the sync. */
        public Builder server() {
            this.server = true;
            return this;
        }

        /** This node starts the sync (the default). */
        public Builder client() {
            this.server = false;
            return this;
        }

        public Builder filter(SyncFilter value) {
            this.filter = value;
            return this;
        }

        public Builder capabilities(Set<String> value) {
            this.capabilities = value;
            return this;
        }

        public Builder datasetId(String value) {
            this.datasetId = value;
            return this;
        }

        /** Which sides use single-user certificates, and whose. */
        public Builder singleUser(boolean local, boolean remote, String userId) {
            this.localSingleUser = local;
            this.remoteSingleUser = remote;
            this.singleUserId = userId;
            return this;
        }

        public TransferRequest build() {
            return new TransferRequest(this);
        }
    }
}
