package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.MorangoInfo;
import org.facilitysync.core.internal.wire.Nonce;
import org.facilitysync.core.internal.wire.SyncSessionWire;
import org.facilitysync.core.internal.wire.TransferSessionWire;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.PeerConnection;
import org.facilitysync.core.internal.engine.PeerException;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.BufferRecord;

/**
 * The engine's line to a Morango peer over HTTP: {@link PeerConnection} as Morango 0.8's network
 * client speaks it, on a {@link MorangoHttpClient}.
 *
 * <p>The sync session is opened with the nonce handshake and mutual authentication: this node signs
 * {@code "{nonce}:{id}"} with its certificate's key and sends its chain; the peer answers with its own
 * signature of the same message, which must verify with the server certificate this peer was built
 * with, else nothing more is sent. An existing session can be {@link #resume resumed} instead.
 *
 * <p>Asking the peer to proceed follows Morango's {@code remote_proceed_to}: GET the transfer session
 * first; PATCH only when the peer's stage is behind the one asked for (so polling a stage already asked
 * for never re-triggers it); a peer already past that stage counts as having completed it. Progress
 * reports of a pull's transferring stage are PATCHed directly with the byte counts, as Morango does.
 *
 * <p>Every failure reaches the engine as a {@link PeerException} whose message names the peer, the
 * request and the peer's own words.
 */
public final class HttpPeer implements PeerConnection {

    private final MorangoHttpClient client;
    private final List<Certificate> clientChain;
    private final RsaKey clientKey;
    private final Certificate serverCertificate;
    private final Map<String, Object> instanceInfo;
    private final Supplier<String> newSyncSessionId;
    private volatile String syncSessionId;
    private volatile String serverInstance;

    /**
     * A peer that opens its sync session with these certificates.
     *
     * @param clientChain this node's certificate chain, root first, ending with the certificate it syncs
     *     with (whose private key is {@code clientKey})
     * @param serverCertificate the peer's certificate for this sync, already verified and trusted
     */
    public HttpPeer(MorangoHttpClient client, List<Certificate> clientChain, RsaKey clientKey,
            Certificate serverCertificate) {
        this(client, clientChain, clientKey, serverCertificate, defaultInstanceInfo(), HttpPeer::randomId);
    }

    /**
     * As {@link #HttpPeer(MorangoHttpClient, List, RsaKey, Certificate)}, describing this node to the
     * peer with {@code instanceInfo}: the fields of the {@code instance} JSON after {@code id} (Morango
     * sends {@code platform, hostname, sysversion, node_id, database, db_path, system_id}; the peer only
     * records them).
     */
    public HttpPeer(MorangoHttpClient client, List<Certificate> clientChain, RsaKey clientKey,
            Certificate serverCertificate, Map<String, Object> instanceInfo) {
        this(client, clientChain, clientKey, serverCertificate, instanceInfo, HttpPeer::randomId);
    }

    HttpPeer(MorangoHttpClient client, List<Certificate> clientChain, RsaKey clientKey, Certificate serverCertificate,
            Map<String, Object> instanceInfo, Supplier<String> newSyncSessionId) {
        this.client = Objects.requireNonNull(client, "client");
        this.clientChain = List.copyOf(clientChain);
        this.clientKey = Objects.requireNonNull(clientKey, "client key");
        this.serverCertificate = Objects.requireNonNull(serverCertificate, "server certificate");
        this.instanceInfo = new LinkedHashMap<>(instanceInfo);
        this.newSyncSessionId = newSyncSessionId;
        if (this.clientChain.isEmpty()) {
            throw new IllegalArgumentException("the client certificate chain is empty; it must run from the root to"
                    + " this node's certificate");
        }
        if (!this.clientChain.get(0).isRoot()) {
            throw new IllegalArgumentException("the client certificate chain must start with a root certificate, but"
                    + " starts with " + this.clientChain.get(0).id());
        }
        for (int i = 1; i < this.clientChain.size(); i++) {
            if (!this.clientChain.get(i - 1).id().equals(this.clientChain.get(i).parentId())) {
                throw new IllegalArgumentException("the client certificate chain is broken: certificate "
                        + this.clientChain.get(i).id() + " is not signed by " + this.clientChain.get(i - 1).id());
            }
        }
        if (!clientKey.hasPrivateKey() || !clientKey.publicKeyString().equals(clientCertificate().publicKeyString())) {
            throw new IllegalArgumentException("the client key is not the private key of certificate "
                    + clientCertificate().id());
        }
    }

    /** The certificate this node syncs with (the last of its chain). */
    public Certificate clientCertificate() {
        return clientChain.get(clientChain.size() - 1);
    }

    /** The HTTP client under this peer (certificate calls, morangoinfo). */
    public MorangoHttpClient client() {
        return client;
    }

    @Override
    public String description() {
        return client.baseUrl().toString();
    }

    @Override
    public Set<String> capabilities() {
        return call(() -> client.info().capabilities());
    }

    /**
     * Refuses a peer that is this very node (Kolibri: "Device can not sync with itself"): the peer's
     * morangoinfo names the same instance id.
     *
     * @throws PeerException when it is
     */
    public void refuseSelf(String ownInstanceId) {
        MorangoInfo info = call(client::info);
        if (info.instanceId().equals(ownInstanceId)) {
            throw new PeerException("the peer at " + description() + " is this node itself (instance "
                    + ownInstanceId + "); a device cannot sync with itself");
        }
    }

    @Override
    public synchronized String syncSession(String profile, String clientInstanceId) {
        if (syncSessionId != null) {
            return syncSessionId;
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(clientInstanceId, "client instance id");
        String id = newSyncSessionId.get();
        Nonce nonce = call(client::nonce);
        String signature = NonceHandshake.sign(clientKey, nonce.id(), id);
        String[] ips = addresses(client.baseUrl());
        SyncSessionWire.Request request = new SyncSessionWire.Request(id, serverCertificate.id(),
                clientCertificate().id(), profile, CertificateChainWire.chainString(clientChain),
                client.baseUrl().toString(), SyncSessionWire.clientInstance(clientInstanceId, instanceInfo),
                nonce.id(), ips[0], ips[1], signature);
        SyncSessionWire.Opened opened = call(() -> client.openSyncSession(request));
        if (!NonceHandshake.verify(serverCertificate, nonce.id(), id, opened.signature())) {
            throw new PeerException("the peer at " + description() + " did not prove that it holds server certificate "
                    + serverCertificate.id() + ": its signature of sync session " + id + " does not verify with that"
                    + " certificate's public key; nothing was synced");
        }
        serverInstance = opened.serverInstance();
        syncSessionId = id;
        return id;
    }

    /**
     * Continues an existing sync session instead of opening one (Morango's {@code resume_sync_session}).
     *
     * @throws PeerException when the peer no longer has it active
     */
    public synchronized void resume(String existingSyncSessionId) {
        boolean active = call(() -> client.syncSessionActive(existingSyncSessionId));
        if (!active) {
            throw new PeerException("the peer at " + description() + " has no active sync session "
                    + existingSyncSessionId + " (it ended or was cleaned up); start a new sync instead of resuming");
        }
        syncSessionId = existingSyncSessionId;
    }

    /** The id of the sync session in use, if one is open. */
    public Optional<String> currentSyncSession() {
        return Optional.ofNullable(syncSessionId);
    }

    /** The peer's instance row (JSON string) from the handshake, if this peer opened the session. */
    public Optional<String> serverInstance() {
        return Optional.ofNullable(serverInstance);
    }

    @Override
    public RemoteTransferSession createTransferSession(String transferSessionId, String syncSessionId,
            SyncFilter filter, boolean push) {
        return call(() -> client.createTransferSession(transferSessionId, filter, push, syncSessionId));
    }

    @Override
    public Optional<RemoteTransferSession> transferSession(String transferSessionId) {
        return call(() -> client.transferSession(transferSessionId));
    }

    @Override
    public RemoteTransferSession updateTransferSession(String transferSessionId, TransferSessionUpdate update) {
        if (update.recordsTransferred() != null) {
            // a pull's progress report: Morango PATCHes it directly, with its byte counts
            String body = new TransferSessionWire.Patch(update.stage(), update.clientFsic(), update.recordsTotal(),
                    update.recordsTransferred(), client.bytesSent(), client.bytesReceived()).progressJson();
            return call(() -> client.patchTransferSession(transferSessionId, body));
        }
        if (update.stage() == null) {
            return call(() -> client.patchTransferSession(transferSessionId, reported(update)));
        }
        RemoteTransferSession remote = call(() -> client.transferSession(transferSessionId))
                .orElseThrow(() -> new PeerException("the peer at " + description() + " has no active transfer session "
                        + transferSessionId + " to proceed to '" + update.stage().wireName() + "'"));
        if (!remote.stage().isBefore(update.stage())) {
            return remote; // asked for already (its status tells how it goes) or gone past it (completed)
        }
        return call(() -> client.patchTransferSession(transferSessionId, reported(update)));
    }

    /** The PATCH body of a stage request, in Morango's order: reported fields, then the stage. */
    private static String reported(TransferSessionUpdate update) {
        return new TransferSessionWire.Patch(update.stage(), update.clientFsic(), update.recordsTotal(), null, null,
                null).json();
    }

    @Override
    public List<BufferRecord> buffers(String transferSessionId, long offset, int limit) {
        List<BufferRecord> records = call(() -> client.buffers(transferSessionId, offset, limit)).records();
        for (BufferRecord record : records) {
            // Morango's client refuses a page that mixes in another transfer session's records
            if (!record.transferSessionId().equals(transferSessionId)) {
                throw new PeerException("the peer at " + description() + " sent " + record + " of transfer session "
                        + record.transferSessionId() + " when asked for transfer session " + transferSessionId
                        + " (offset " + offset + "); the page is refused");
            }
        }
        return records;
    }

    @Override
    public void sendBuffers(String transferSessionId, List<BufferRecord> records) {
        prepareBuffers(transferSessionId, records).run();
    }

    @Override
    public Runnable prepareBuffers(String transferSessionId, List<BufferRecord> records) {
        for (BufferRecord record : records) {
            if (!record.transferSessionId().equals(transferSessionId)) {
                throw new IllegalArgumentException(record + " belongs to transfer session " + record.transferSessionId()
                        + ", not " + transferSessionId + "; a chunk must hold one transfer session's records");
            }
        }
        Runnable post = call(() -> client.prepareBuffers(records));
        return () -> call(() -> {
            post.run();
            return null;
        });
    }

    @Override
    public void deleteTransferSession(String transferSessionId) {
        call(() -> {
            client.deleteTransferSession(transferSessionId);
            return null;
        });
    }

    @Override
    public long bytesSent() {
        return client.bytesSent();
    }

    @Override
    public long bytesReceived() {
        return client.bytesReceived();
    }

    @Override
    public synchronized void close() {
        if (syncSessionId != null) {
            String id = syncSessionId;
            syncSessionId = null;
            call(() -> {
                client.closeSyncSession(id);
                return null;
            });
        }
    }

    @Override
    public String toString() {
        return "HttpPeer[" + description() + "]";
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (MorangoHttpException e) {
            throw new PeerException(e.getMessage(), e); // names the request's full URL already
        }
    }

    /** {@code client_ip} and {@code server_ip}: the local address that reaches the peer, and the peer's. */
    private static String[] addresses(URI baseUrl) {
        try {
            InetAddress server = InetAddress.getByName(baseUrl.getHost());
            String clientIp = "";
            // connecting a datagram socket sends nothing; it only picks the route, hence the local address
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(new InetSocketAddress(server, baseUrl.getPort() == -1 ? 80 : baseUrl.getPort()));
                InetAddress local = socket.getLocalAddress();
                clientIp = local == null || local.isAnyLocalAddress() ? "" : local.getHostAddress();
            } catch (IOException | RuntimeException e) {
                // informational only: the peer records it
            }
            return new String[] {clientIp, server.getHostAddress()};
        } catch (IOException e) {
            return new String[] {"", ""};
        }
    }

    /** What Morango records about an instance besides its id, from this JVM. */
    static Map<String, Object> defaultInstanceInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("platform", System.getProperty("os.name", "") + "-" + System.getProperty("os.version", "") + "-"
                + System.getProperty("os.arch", ""));
        String host = "";
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            // unknown host name: leave it empty, it is informational
        }
        info.put("hostname", host);
        info.put("sysversion", "Java " + Runtime.version());
        return info;
    }

    private static String randomId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
