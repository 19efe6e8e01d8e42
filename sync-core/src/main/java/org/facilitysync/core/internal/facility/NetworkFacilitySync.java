package org.facilitysync.core.internal.facility;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncService;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.execution.TransferSummary;
import org.facilitysync.api.facility.FacilitySyncException;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.facilitysync.api.facility.FacilitySyncService;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChecks;
import org.facilitysync.core.internal.certificate.CertificateVerificationException;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.certificate.Scope;
import org.facilitysync.api.model.KolibriScopes;
import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.engine.PeerException;
import org.facilitysync.core.internal.storage.BeforeIssue12;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.http.client.MorangoHttpClient;
import org.facilitysync.core.internal.http.client.MorangoHttpClientBuilder;
import org.facilitysync.core.internal.http.client.MorangoHttpException;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.core.internal.storage.DatabaseFullException;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.StoredCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kolibri's {@code sync} command ({@code MorangoSyncCommand}) over the HTTP client: find the facility's
 * certificates on both sides (asking the peer to sign one with an admin's credentials when this node has
 * none), open a sync session, pull the scope's read filter, push its write filter, close the session.
 * Pull first, then push: that order is what makes both sides converge.
 */
public final class NetworkFacilitySync implements FacilitySyncService {

    /** The gzip level of the chunks this node pushes (see {@link #client}). */
    static final int PUSH_GZIP_LEVEL = 6;
    private static final Logger LOG = LoggerFactory.getLogger(NetworkFacilitySync.class);

    private final CertificateStore certificates;
    private final SyncSessionStore syncSessions;
    private final SyncService syncService;
    private final String instanceId;
    private final String profile;

    public NetworkFacilitySync(CertificateStore certificates, SyncSessionStore syncSessions, SyncService syncService,
            String instanceId, String profile) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.syncSessions = Objects.requireNonNull(syncSessions, "syncSessions");
        this.syncService = Objects.requireNonNull(syncService, "syncService");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    @Override
    public FacilitySyncResult sync(FacilitySyncRequest request) {
        String syncSessionId = null;
        try {
            MorangoHttpClient client = client(request);
            if (client.info().instanceId().equals(instanceId)) {
                // before anything else: a signing request to ourselves would hand our own admin's password around
                throw new FacilitySyncException("the peer at " + request.baseUrl() + " is this node itself (instance "
                        + instanceId + "); a device cannot sync with itself");
            }
            PeerFacility facility = PeerFacility.resolve(client, request.facility(), () -> onlyFacility(client));
            String datasetId = facility.datasetId();
            Pair pair = certificatesFor(client, facility, request);
            HttpPeer peer = new HttpPeer(client, certificates.ancestors(pair.client.id()), pair.clientKey,
                    pair.server);
            syncSessionId = peer.syncSession(profile, instanceId);
            recordSession(syncSessionId, pair, peer);
            return run(peer, syncSessionId, datasetId, pair, request, true);
        } catch (PeerException | MorangoHttpException | CertificateVerificationException e) {
            throw new FacilitySyncException(e.getMessage(), e);
        } catch (DatabaseFullException e) {
            throw full(e, syncSessionId);
        }
    }

    @Override
    public FacilitySyncResult resume(String syncSessionId, FacilitySyncRequest request) {
        SyncSessionRow session = syncSessions.find(syncSessionId).filter(row -> !row.server()).orElseThrow(
                () -> new FacilitySyncException("no sync session " + syncSessionId + " started by this node"));
        if (!session.active()) {
            throw new FacilitySyncException("sync session " + syncSessionId + " has ended; start a new sync");
        }
        try {
            StoredCertificate own = certificates.find(nullToEmpty(session.clientCertificateId())).filter(
                    StoredCertificate::owned).orElseThrow(() -> new FacilitySyncException("sync session "
                            + syncSessionId + " has no certificate of this node recorded; start a new sync"));
            Certificate server = certificates.find(nullToEmpty(session.serverCertificateId()))
                    .map(StoredCertificate::certificate).orElseThrow(() -> new FacilitySyncException("sync session "
                            + syncSessionId + " has no server certificate recorded; start a new sync"));
            Pair pair = new Pair(own.certificate(), own.privateKey().orElseThrow(), server, request.user());
            HttpPeer peer = new HttpPeer(client(request), certificates.ancestors(own.id()), pair.clientKey, server);
            peer.resume(syncSessionId);
            String datasetId = datasetOf(own.certificate());
            // The broken direction first, from the stage and offset it reached; then what had not run.
            Optional<TransferSummary> broken = syncService.sessions().stream()
                    .filter(s -> s.syncSessionId().equals(syncSessionId) && s.active() && !s.server()).findFirst();
            if (broken.isEmpty()) {
                return run(peer, syncSessionId, datasetId, pair, request, true);
            }
            TransferSummary transfer = broken.get();
            TransferResult resumed = syncService.resume(transfer.transferSessionId(), peer, request.options());
            if (transfer.push() || !resumed.succeeded()) {
                Optional<TransferResult> result = Optional.of(resumed);
                return finish(peer, syncSessionId, datasetId, transfer.push() ? Optional.empty() : result,
                        transfer.push() ? result : Optional.empty(), request);
            }
            // The pull broke and now completed; the push had not begun.
            FacilitySyncResult rest = run(peer, syncSessionId, datasetId, pair, request, false);
            return new FacilitySyncResult(syncSessionId, datasetId, Optional.of(resumed), rest.push());
        } catch (PeerException | MorangoHttpException | CertificateVerificationException | NoSuchElementException e) {
            throw new FacilitySyncException(e.getMessage(), e);
        } catch (DatabaseFullException e) {
            throw full(e, syncSessionId);
        }
    }

    /** A full database outside a stage (a stage's own failure is in its result): one line, and how to go on. */
    private static FacilitySyncException full(DatabaseFullException e, String syncSessionId) {
        return new FacilitySyncException(e.getMessage() + (syncSessionId == null ? ", then sync again"
                : ", then resume with: sync:resume --id " + syncSessionId), e);
    }

    private FacilitySyncResult run(HttpPeer peer, String syncSessionId, String datasetId, Pair pair,
            FacilitySyncRequest request, boolean mayPull) {
        Filters filters = filters(pair, datasetId, request.user());
        Optional<TransferResult> pulled = Optional.empty();
        Optional<TransferResult> pushed = Optional.empty();
        if (request.pull() && mayPull) {
            pulled = Optional.of(syncService.pull(peer, filters.pull, request.options()));
        }
        if (request.push() && pulled.map(TransferResult::succeeded).orElse(true)) {
            pushed = Optional.of(syncService.push(peer, filters.push, request.options()));
        }
        return finish(peer, syncSessionId, datasetId, pulled, pushed, request);
    }

    private FacilitySyncResult finish(HttpPeer peer, String syncSessionId, String datasetId,
            Optional<TransferResult> pulled, Optional<TransferResult> pushed, FacilitySyncRequest request) {
        FacilitySyncResult result = new FacilitySyncResult(syncSessionId, datasetId, pulled, pushed);
        if (result.completed() && !request.keepAlive()) {
            try {
                peer.close();
                syncSessions.deactivate(syncSessionId);
            } catch (PeerException e) {
                // The data is synced; an open session on the peer ends with its cleanup.
                LOG.warn("Could not close sync session {} on {}: {}", syncSessionId, peer.description(), e.getMessage());
            }
        }
        return result;
    }

    /** The client's and the server's certificate, as Kolibri's {@code get_client_and_server_certs} chooses them. */
    private Pair certificatesFor(MorangoHttpClient client, PeerFacility facility, FacilitySyncRequest request) {
        String datasetId = facility.datasetId();
        Optional<String> user = request.user();
        Optional<StoredCertificate> ownFull = ownCertificate(datasetId, KolibriScopes.FULL_FACILITY, Optional.empty());
        String clientScope;
        String serverScope;
        if (user.isEmpty()) {
            clientScope = KolibriScopes.FULL_FACILITY;
            serverScope = KolibriScopes.FULL_FACILITY;
        } else if (ownFull.isPresent()) {
            clientScope = KolibriScopes.FULL_FACILITY;
            serverScope = KolibriScopes.SINGLE_USER;
        } else {
            clientScope = KolibriScopes.SINGLE_USER;
            serverScope = KolibriScopes.FULL_FACILITY;
        }
        List<Certificate> remote = client.certificates(datasetId);
        Certificate server = remote.stream()
                .filter(c -> c.scopeDefinitionId().equals(serverScope))
                .filter(c -> !KolibriScopes.SINGLE_USER.equals(serverScope) || user.get().equals(param(c, KolibriScopes.USER_ID)))
                .findFirst().orElseThrow(() -> new FacilitySyncException("the peer has no '" + serverScope
                        + "' certificate for facility " + datasetId + user.map(u -> " and user " + u).orElse("")
                        + " that it can sync with"));
        // Trust the peer's certificate only through its chain, verified to a root.
        certificates.saveChain(client.ancestors(server.id()), server.id());
        Optional<StoredCertificate> own = clientScope.equals(KolibriScopes.FULL_FACILITY) ? ownFull
                : ownCertificate(datasetId, KolibriScopes.SINGLE_USER, user);
        if (own.isPresent()) {
            return new Pair(own.get().certificate(), own.get().privateKey().orElseThrow(), server, user);
        }
        IssuedCertificate requested = signingRequest(client, server, facility, clientScope, user, request);
        certificates.saveOwned(requested);
        return new Pair(requested.certificate(), requested.key(), server, user);
    }

    private IssuedCertificate signingRequest(MorangoHttpClient client, Certificate server, PeerFacility facility,
            String scope, Optional<String> user, FacilitySyncRequest request) {
        String datasetId = facility.datasetId();
        if (request.username().isEmpty()) {
            throw new FacilitySyncException("this node has no '" + scope + "' certificate for facility " + datasetId
                    + "; give --username and --password of an admin of that facility on the peer to obtain one");
        }
        ScopeDefinition definition = certificates.scopeDefinitions().find(scope).orElseThrow(
                () -> new FacilitySyncException("the scope definition '" + scope + "' is not stored on this node"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(KolibriScopes.DATASET_ID, datasetId);
        user.ifPresent(u -> params.put(KolibriScopes.USER_ID, u));
        RsaKey key = RsaKey.generate();
        Certificate signed = client.signingRequest(server.id(), profile, scope, definition.version(),
                ScopeParams.write(params), key.publicKeyString(), request.username().get(),
                new String(request.password().orElse(new char[0])), Map.of("facility", facility.facilityId()));
        return new IssuedCertificate(signed, key);
    }

    private Optional<StoredCertificate> ownCertificate(String datasetId, String scope, Optional<String> user) {
        if (certificates.find(datasetId).isEmpty()) {
            return Optional.empty();
        }
        return certificates.ownedUnder(datasetId).stream()
                .filter(c -> c.certificate().scopeDefinitionId().equals(scope))
                .filter(c -> user.isEmpty() || user.get().equals(param(c.certificate(), KolibriScopes.USER_ID)))
                .findFirst();
    }

    /** The pull and push filters: the client certificate's read and write filters, flipped for a single-user peer. */
    private Filters filters(Pair pair, String datasetId, Optional<String> user) {
        if (user.isPresent() && pair.client.scopeDefinitionId().equals(KolibriScopes.FULL_FACILITY)) {
            ScopeDefinition singleUser = certificates.scopeDefinitions().find(KolibriScopes.SINGLE_USER).orElseThrow();
            Scope scope = Scope.of(singleUser, Map.of(KolibriScopes.DATASET_ID, datasetId, KolibriScopes.USER_ID, user.get()));
            return new Filters(scope.writeFilter(), scope.readFilter());
        }
        Scope scope = CertificateChecks.scopeOf(pair.client, certificates.scopeDefinitions());
        return new Filters(scope.readFilter(), scope.writeFilter());
    }

    /** Without {@code --facility}: the peer's only facility (Kolibri asks interactively when there are several). */
    private String onlyFacility(MorangoHttpClient client) {
        List<String> datasets = client.ownedCertificates(profile).stream()
                .filter(c -> c.isRoot() && c.scopeDefinitionId().equals(KolibriScopes.FULL_FACILITY))
                .map(Certificate::id).distinct().toList();
        if (datasets.size() == 1) {
            return datasets.get(0);
        }
        throw new FacilitySyncException(datasets.isEmpty()
                ? "the peer at " + client.baseUrl() + " offers no facility to sync"
                : "the peer at " + client.baseUrl() + " offers " + datasets.size() + " facilities (" + String.join(", ",
                        datasets) + "); choose one with --facility");
    }

    private void recordSession(String syncSessionId, Pair pair, HttpPeer peer) {
        if (syncSessions.find(syncSessionId).isEmpty()) {
            SyncSessionRow base = SyncSessionRow.network(syncSessionId, false, profile, peer.description());
            syncSessions.create(new SyncSessionRow(base.id(), base.startTimestamp(), base.lastActivityTimestamp(), true,
                    false, pair.client.id(), pair.server.id(), profile, base.connectionKind(), base.connectionPath(),
                    base.clientIp(), base.serverIp(), instanceId, base.clientInstanceJson(), null,
                    peer.serverInstance().orElse("{}"), (int) ProcessHandle.current().pid()));
        }
    }

    private static MorangoHttpClient client(FacilitySyncRequest request) {
        MorangoHttpClientBuilder builder = MorangoHttpClient.builder(request.baseUrl().toString());
        if (!BeforeIssue12.selected()) {
            // Pushed chunks at zlib's default level: half the CPU of Morango's 9 for ~3% more bytes (a 20,000-record
            // push's JSON: level 9 0.50 s, 1.91 MB; level 6 0.21 s, 1.97 MB; level 1 0.09 s, 2.61 MB). Level 1 would
            // be faster still, but a third more bytes is too much on the slow links devices sync over.
            builder.bufferGzipLevel(PUSH_GZIP_LEVEL);
        }
        if (request.trustedCertificate().isPresent()) {
            try {
                builder.trustedCertificatePem(Files.readString(request.trustedCertificate().get()));
            } catch (IOException e) {
                throw new FacilitySyncException("cannot read the certificate to trust, "
                        + request.trustedCertificate().get() + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static String datasetOf(Certificate certificate) {
        String dataset = param(certificate, KolibriScopes.DATASET_ID);
        return dataset == null ? certificate.id() : dataset;
    }

    private static String param(Certificate certificate, String key) {
        Object value = ScopeParams.parse(certificate.scopeParams()).get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private record Pair(Certificate client, RsaKey clientKey, Certificate server, Optional<String> user) {
    }

    private record Filters(SyncFilter pull, SyncFilter push) {
    }
}
