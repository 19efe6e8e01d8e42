package org.facilitysync.api.execution;

import org.facilitysync.api.SyncFilter;

import java.util.Objects;
import java.util.Set;

/**
 * What a transfer session is begun with: its identity, direction, role, filter and the facts about
 * both sides' certificates that hooks are told.
 *
 * @param syncSessionId the sync session this transfer belongs to; never blank
 * @param transferSessionId the transfer session's id (32 lowercase hex characters in Morango; the
 *        client chooses it); never blank
 * @param push whether records flow from client to server
 * @param server whether this node answers the sync
 * @param filter the partitions transferred
 * @param capabilities the capabilities both sides have
 * @param datasetId the dataset (facility) synced; may be null before certificates exist
 * @param localSingleUser whether this node uses a single-user certificate
 * @param remoteSingleUser whether the peer uses a single-user certificate
 * @param singleUserId the single user's id, or null
 */
public record TransferRequest(String syncSessionId, String transferSessionId, boolean push, boolean server,
        SyncFilter filter, Set<String> capabilities, String datasetId, boolean localSingleUser,
        boolean remoteSingleUser, String singleUserId) {

    public TransferRequest {
        requireText(syncSessionId, "syncSessionId");
        requireText(transferSessionId, "transferSessionId");
        Objects.requireNonNull(filter, "filter");
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
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
            return new TransferRequest(syncSessionId, transferSessionId, push, server, filter, capabilities,
                    datasetId, localSingleUser, remoteSingleUser, singleUserId);
        }
    }
}
