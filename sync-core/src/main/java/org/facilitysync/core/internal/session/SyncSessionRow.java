package org.facilitysync.core.internal.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of Morango's {@code SyncSession}: a handshake between two nodes, under which transfer
 * sessions (one pull, one push) run.
 *
 * <p>{@code extra_fields} is not here: it is always stored as {@code {}}, because plugin attributes live
 * in {@code fs_session_attribute}, one row per key.
 *
 * @param id the sync session id (32 lowercase hex in Morango; the client chooses it)
 * @param startTimestamp when the handshake happened
 * @param lastActivityTimestamp when one of its transfer sessions last changed
 * @param active false once closed (DELETE syncsessions/{id}/, or garbage collection)
 * @param server whether this node answered the handshake
 * @param clientCertificateId the client's certificate, or null
 * @param serverCertificateId the server's certificate, or null
 * @param profile the data profile synced, e.g. {@code facilitydata}
 * @param connectionKind {@code network} or {@code disk}
 * @param connectionPath the peer's base URL
 * @param clientIp the client's address, or ""
 * @param serverIp the server's address, or ""
 * @param clientInstanceId the client's instance id, or null
 * @param clientInstanceJson the client's instance row as JSON text
 * @param serverInstanceId the server's instance id, or null
 * @param serverInstanceJson the server's instance row as JSON text
 * @param processId the process that drives it, or null
 */
public record SyncSessionRow(String id, Instant startTimestamp, Instant lastActivityTimestamp, boolean active,
        boolean server, String clientCertificateId, String serverCertificateId, String profile,
        String connectionKind, String connectionPath, String clientIp, String serverIp, String clientInstanceId,
        String clientInstanceJson, String serverInstanceId, String serverInstanceJson, Integer processId) {

    public SyncSessionRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startTimestamp, "startTimestamp");
        Objects.requireNonNull(lastActivityTimestamp, "lastActivityTimestamp");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(connectionKind, "connectionKind");
        Objects.requireNonNull(connectionPath, "connectionPath");
        clientIp = clientIp == null ? "" : clientIp;
        serverIp = serverIp == null ? "" : serverIp;
        clientInstanceJson = clientInstanceJson == null ? "{}" : clientInstanceJson;
        serverInstanceJson = serverInstanceJson == null ? "{}" : serverInstanceJson;
        if (!connectionKind.equals("network") && !connectionKind.equals("disk")) {
            throw new IllegalArgumentException("sync session " + id + ": connection kind must be 'network' or 'disk', got '"
                    + connectionKind + "'");
        }
    }

    /** A new active network sync session begun now, with the bare facts; the rest is empty. */
    public static SyncSessionRow network(String id, boolean server, String profile, String connectionPath) {
        Instant now = Instant.now();
        return new SyncSessionRow(id, now, now, true, server, null, null, profile, "network", connectionPath,
                "", "", null, "{}", null, "{}", null);
    }
}
