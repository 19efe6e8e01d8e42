package org.facilitysync.core.internal.http.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.api.facility.Authorization;
import org.facilitysync.api.facility.CertificateAuthorizer;
import org.facilitysync.core.internal.fsic.FsicFormatException;
import org.facilitysync.core.internal.fsic.FsicJson;
import org.facilitysync.core.internal.exchange.FsicFormat;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateApiJson;
import org.facilitysync.core.internal.certificate.CertificateChain;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateChecks;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.CertificateVerificationException;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.certificate.Scope;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.BufferRecordJson;
import org.facilitysync.core.internal.exchange.BufferRecordParser;
import org.facilitysync.core.internal.exchange.BufferRecordStream;
import org.facilitysync.core.internal.exchange.RecordRejection;
import org.facilitysync.core.internal.identity.Proquint;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceRejectedException;
import org.facilitysync.core.internal.trust.NonceStore;
import org.facilitysync.core.internal.trust.StoredCertificate;

/**
 * Morango's server API ({@code morango/api/viewsets.py}; reference §1.7, §5) as plain requests and
 * answers: the paths with trailing slashes, methods, statuses and JSON fields a Morango 0.8 client
 * expects. Every refusal is an {@link ApiException} with a status and a sentence; a refused request
 * changes nothing.
 */
public final class MorangoApi {

    /** Where the API is mounted. */
    public static final String PREFIX = "/api/morango/v1/";

    /** The Morango version this node speaks (clients compare it for features). */
    public static final String MORANGO_VERSION = "0.8.2";

    /** The longest certificate chain a handshake may send (Kolibri's are two or three long). */
    static final int MAX_CHAIN = 16;

    /** The largest page of {@code GET buffers/} served, whatever {@code limit} asks. */
    static final int MAX_PAGE = 10_000;

    private static final String PUSHING_UNSUPPORTED = "certificate pushing is not supported by this node";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TransferServer server;
    private final CertificateStore certificates;
    private final NonceStore nonces;
    private final Function<String, Optional<CertificateAuthorizer>> authorizers;
    private final InstanceIdStore instances;
    private final Supplier<Map<String, Object>> infoFields;

    /**
     * @param authorizers the certificate authorizer for a profile, if one is registered
     */
    public MorangoApi(TransferServer server, CertificateStore certificates, NonceStore nonces,
                      Function<String, Optional<CertificateAuthorizer>> authorizers) {
        this(server, certificates, nonces, authorizers, Map::of);
    }

    /**
     * @param authorizers the certificate authorizer for a profile, if one is registered
     * @param infoFields the application's fields written before Morango's in {@code morangoinfo}
     */
    public MorangoApi(TransferServer server, CertificateStore certificates, NonceStore nonces,
                      Function<String, Optional<CertificateAuthorizer>> authorizers,
                      Supplier<Map<String, Object>> infoFields) {
        this.infoFields = Objects.requireNonNull(infoFields, "infoFields");
        this.server = Objects.requireNonNull(server, "server");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.authorizers = Objects.requireNonNull(authorizers, "authorizers");
        this.instances = new InstanceIdStore(server.database());
    }

    /** The answer to {@code request}; refusals come as {@link ApiException}. */
    public ApiResponse handle(ApiRequest request) {
        String[] parts = request.path().split("/", -1);
        // A path below the prefix is "<resource>/" or "<resource>/<id>/": a trailing slash is required.
        if (!request.path().endsWith("/") || parts.length < 2 || parts.length > 3) {
            throw ApiException.notFound("no API endpoint at " + PREFIX + request.path());
        }
        String resource = parts[0];
        String id = parts.length == 3 ? parts[1] : null;
        String method = request.method();
        switch (resource) {
            case "morangoinfo":
                if (id == null) {
                    throw ApiException.notFound("morangoinfo needs an id segment, e.g. " + PREFIX + "morangoinfo/1/");
                }
                allow(method, "GET");
                return morangoInfo();
            case "certificates":
                if (id == null) {
                    allow(method, "GET", "POST");
                    return "GET".equals(method) ? listCertificates(request) : signCertificate(request);
                }
                allow(method, "GET");
                return retrieveCertificate(request, id);
            case "certificatechain":
            case "publickey":
                throw ApiException.forbidden(PUSHING_UNSUPPORTED);
            case "nonces":
                noId(id, resource);
                allow(method, "POST");
                return issueNonce(request);
            case "syncsessions":
                if (id == null) {
                    allow(method, "POST");
                    return openSyncSession(request);
                }
                allow(method, "GET", "DELETE");
                return "GET".equals(method) ? retrieveSyncSession(id) : closeSyncSession(id);
            case "transfersessions":
                if (id == null) {
                    allow(method, "POST");
                    return createTransferSession(request);
                }
                allow(method, "GET", "PATCH", "DELETE");
                return switch (method) {
                    case "GET" -> {
                        server.poll(id); // a stage left pending gets another turn (a restarted or switched-off job)
                        yield ApiResponse.json(200, json(renderActive(id)));
                    }
                    case "PATCH" -> updateTransferSession(request, id);
                    default -> deleteTransferSession(id);
                };
            case "buffers":
                noId(id, resource);
                allow(method, "GET", "POST");
                return "GET".equals(method) ? bufferPage(request) : receiveBuffers(request);
            default:
                throw ApiException.notFound("no API endpoint at " + PREFIX + request.path());
        }
    }

    // morangoinfo/

    private ApiResponse morangoInfo() {
        Map<String, Object> info = new LinkedHashMap<>(infoFields.get());
        String instanceId = server.instanceId();
        info.put("instance_hash", Proquint.ofInstanceId(instanceId));
        info.put("instance_id", instanceId);
        info.put("system_os", System.getProperty("os.name", ""));
        info.put("version", MORANGO_VERSION);
        info.put("capabilities", new ArrayList<>(new TreeSet<>(TransferServer.CAPABILITIES)));
        return ApiResponse.json(200, json(info));
    }

    // certificates/

    private ApiResponse listCertificates(ApiRequest request) {
        String ancestorsOf = request.query().get("ancestors_of");
        String primaryPartition = request.query().get("primary_partition");
        String profile = request.query().get("profile");
        List<Certificate> found;
        if (ancestorsOf != null) {
            found = certificates.ancestors(ancestorsOf);
        } else if (primaryPartition != null) {
            found = certificates.ownedUnder(primaryPartition).stream().map(StoredCertificate::certificate).toList();
        } else {
            found = certificates.owned().stream().map(StoredCertificate::certificate).toList();
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Certificate certificate : found) {
            if (profile == null || profile.equals(certificate.profile())) {
                items.add(CertificateApiJson.toApi(certificate));
            }
        }
        return ApiResponse.json(200, json(items));
    }

    private ApiResponse retrieveCertificate(ApiRequest request, String id) {
        StoredCertificate stored = certificates.find(id).filter(StoredCertificate::owned)
                .orElseThrow(() -> ApiException.notFound("no certificate " + id + " owned by this node"));
        return ApiResponse.json(200, json(CertificateApiJson.toApi(stored.certificate())));
    }

    /** A certificate signing request (Morango's {@code CertificateViewSet.create}). */
    private ApiResponse signCertificate(ApiRequest request) {
        JsonNode body = object(request);
        String parentId = text(body, "parent");
        String profile = text(body, "profile");
        String scopeDefinitionId = text(body, "scope_definition");
        int scopeVersion = integer(body, "scope_version");
        String scopeParams = text(body, "scope_params");
        String publicKey = text(body, "public_key");
        Map<String, String> params = new LinkedHashMap<>();
        try {
            ScopeParams.parse(scopeParams).forEach((k, v) -> params.put(k, v == null ? null : String.valueOf(v)));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("scope_params is not a JSON object of parameters: " + e.getMessage());
        }

        Credentials credentials = Credentials.of(request.header("Authorization"));
        CertificateAuthorizer authorizer = authorizers.apply(profile).orElseThrow(() -> ApiException.forbidden(
                "this node issues no certificates of profile '" + profile + "'"));
        Authorization decision;
        try {
            decision = authorizer.authorize(credentials.username(), credentials.password(), credentials.arguments(),
                    scopeDefinitionId, Map.copyOf(nonNullValues(params)));
        } finally {
            java.util.Arrays.fill(credentials.password(), '\0');
        }
        if (decision.outcome() == Authorization.Outcome.BAD_CREDENTIALS) {
            throw new ApiException(401, decision.reason().isEmpty() ? "invalid username or password" : decision.reason(),
                    Map.of("WWW-Authenticate", "Basic realm=\"api\""));
        }
        if (decision.outcome() != Authorization.Outcome.GRANTED) {
            throw ApiException.forbidden(decision.reason().isEmpty()
                    ? "not allowed to obtain a certificate of scope " + scopeDefinitionId : decision.reason());
        }

        StoredCertificate parent = certificates.find(parentId).orElseThrow(() -> ApiException.badRequest(
                "parent certificate " + parentId + " is not known on this node"));
        IssuedCertificate signer = parent.issued().orElseThrow(() -> ApiException.badRequest(
                "this node does not hold the private key of parent certificate " + parentId + " and cannot sign under it"));
        if (!parent.certificate().profile().equals(profile)) {
            throw ApiException.badRequest("profile '" + profile + "' differs from the parent's '"
                    + parent.certificate().profile() + "'");
        }
        var definition = certificates.scopeDefinitions().find(scopeDefinitionId).orElseThrow(() ->
                ApiException.badRequest("scope definition '" + scopeDefinitionId + "' is not known on this node"));
        if (definition.version() != scopeVersion) {
            throw ApiException.badRequest("scope_version " + scopeVersion + " differs from the version "
                    + definition.version() + " of scope definition '" + scopeDefinitionId + "'");
        }
        Certificate issued;
        try {
            issued = CertificateIssuer.child(signer, profile, scopeDefinitionId, scopeVersion, scopeParams, publicKey,
                    CertificateIssuer.newSalt());
            List<CertificateChainEntry> chain = new ArrayList<>();
            for (Certificate c : certificates.ancestors(parentId)) {
                chain.add(new CertificateChainEntry(c.id(), c.serialized(), c.signature()));
            }
            chain.add(new CertificateChainEntry(issued.id(), issued.serialized(), issued.signature()));
            certificates.saveChain(chain, issued.id());
        } catch (CertificateVerificationException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cannot issue the certificate: " + e.getMessage());
        }
        return ApiResponse.json(201, json(CertificateApiJson.toApi(issued)));
    }

    private static Map<String, String> nonNullValues(Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    // nonces/

    private ApiResponse issueNonce(ApiRequest request) {
        var nonce = nonces.issue(request.remoteAddress());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", nonce.id());
        body.put("timestamp", WireTimestamps.format(nonce.timestamp()));
        body.put("ip", nonce.ip());
        return ApiResponse.json(201, json(body));
    }

    // syncsessions/

    private ApiResponse openSyncSession(ApiRequest request) {
        JsonNode body = object(request);
        String id = morangoId(body, "id");
        String serverCertificateId = text(body, "server_certificate_id");
        String clientCertificateId = text(body, "client_certificate_id");
        String profile = text(body, "profile");
        String chainText = text(body, "certificate_chain");
        String nonce = text(body, "nonce");
        String signature = text(body, "signature");
        String connectionPath = optionalText(body, "connection_path", "");
        String clientIp = optionalText(body, "client_ip", request.remoteAddress());
        String serverIp = optionalText(body, "server_ip", "");
        String instanceText = optionalText(body, "instance", "{}");
        JsonNode instance;
        try {
            instance = MAPPER.readTree(instanceText);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("instance is not a JSON object string: " + e.getOriginalMessage());
        }
        if (instance == null || !instance.isObject()) {
            throw ApiException.badRequest("instance is not a JSON object string");
        }
        List<CertificateChainEntry> chain;
        try {
            chain = CertificateApiJson.parseChain(chainText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (server.syncSession(id).isPresent()) {
            throw ApiException.badRequest("sync session " + id + " exists already; sync session ids are not reused");
        }
        if (chain.size() > MAX_CHAIN) {
            throw ApiException.forbidden("certificate chain refused: " + chain.size() + " certificates, at most "
                    + MAX_CHAIN + " are accepted");
        }
        // Verify everything first and store after (Morango stores the chain before it checks the signature).
        CertificateChain.Verified verified;
        try {
            verified = certificates.verifyChain(chain, clientCertificateId);
        } catch (CertificateVerificationException | IllegalArgumentException e) {
            throw ApiException.forbidden("certificate chain refused: " + e.getMessage());
        }
        Certificate client = verified.last();
        StoredCertificate serverCertificate = certificates.find(serverCertificateId).orElseThrow(() ->
                ApiException.badRequest("server certificate " + serverCertificateId + " is not known on this node"));
        IssuedCertificate own = serverCertificate.issued().orElseThrow(() -> ApiException.badRequest(
                "server certificate " + serverCertificateId + " is not one this node holds the private key of"));
        if (!client.profile().equals(own.certificate().profile())) {
            throw ApiException.badRequest("the client certificate's profile '" + client.profile()
                    + "' differs from the server certificate's '" + own.certificate().profile() + "'");
        }
        if (!profile.equals(own.certificate().profile())) {
            throw ApiException.badRequest("profile '" + profile + "' differs from the certificates' profile '"
                    + own.certificate().profile() + "'");
        }
        if (!NonceHandshake.verify(client, nonce, id, signature)) {
            throw ApiException.forbidden("the signature of \"" + nonce + ":" + id
                    + "\" does not verify with client certificate " + client.id());
        }
        try {
            nonces.use(nonce);
        } catch (NonceRejectedException e) {
            throw ApiException.forbidden(e.getMessage());
        }
        try {
            certificates.saveVerified(verified);
        } catch (CertificateVerificationException | IllegalArgumentException e) {
            throw ApiException.forbidden("certificate chain refused: " + e.getMessage());
        }
        String serverInstance = serverInstanceJson();
        String clientInstanceId = instance.path("id").isTextual() ? instance.path("id").asText() : null;
        try {
            server.openSyncSession(id, profile, client.id(), own.certificate().id(), clientInstanceId, instanceText,
                    serverInstance, connectionPath, clientIp, serverIp);
        } catch (IllegalStateException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("signature", own.key().sign(NonceHandshake.message(nonce, id)));
        answer.put("server_instance", serverInstance);
        return ApiResponse.json(201, json(answer));
    }

    private String serverInstanceJson() {
        InstanceIdStore.Instance instance = instances.currentInstance().orElseThrow(() ->
                new IllegalStateException("this node has no current instance"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", instance.id());
        row.put("platform", instance.platform());
        row.put("hostname", instance.hostname());
        row.put("sysversion", instance.sysversion());
        row.put("node_id", instance.nodeId());
        row.put("database", instance.databaseId());
        row.put("db_path", instance.dbPath());
        row.put("system_id", instance.systemId());
        return PythonJson.dumps(row);
    }

    private ApiResponse retrieveSyncSession(String id) {
        SyncSessionRow row = server.syncSession(id).filter(SyncSessionRow::active)
                .orElseThrow(() -> ApiException.notFound("no active sync session " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", row.id());
        body.put("start_timestamp", WireTimestamps.format(row.startTimestamp()));
        body.put("last_activity_timestamp", WireTimestamps.format(row.lastActivityTimestamp()));
        body.put("active", row.active());
        body.put("client_certificate", row.clientCertificateId());
        body.put("server_certificate", row.serverCertificateId());
        body.put("profile", row.profile());
        body.put("connection_kind", row.connectionKind());
        body.put("connection_path", row.connectionPath());
        body.put("client_ip", row.clientIp());
        body.put("server_ip", row.serverIp());
        body.put("client_instance", row.clientInstanceJson());
        body.put("server_instance", row.serverInstanceJson());
        return ApiResponse.json(200, json(body));
    }

    private ApiResponse closeSyncSession(String id) {
        server.syncSession(id).filter(SyncSessionRow::active)
                .orElseThrow(() -> ApiException.notFound("no active sync session " + id));
        server.closeSyncSession(id);
        return ApiResponse.empty(204);
    }

    // transfersessions/

    private ApiResponse createTransferSession(ApiRequest request) {
        JsonNode body = object(request);
        String id = morangoId(body, "id");
        String filterText = text(body, "filter");
        boolean push = bool(body, "push");
        String syncSessionId = text(body, "sync_session_id");
        String clientFsic = optionalText(body, "client_fsic", null);
        SyncFilter filter;
        try {
            filter = SyncFilter.fromWire(filterText);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("filter '" + filterText + "' is not a Morango filter: " + e.getMessage());
        }
        SyncSessionRow syncSession = server.syncSession(syncSessionId).filter(SyncSessionRow::active)
                .orElseThrow(() -> ApiException.badRequest("no active sync session " + syncSessionId));
        if (TransferSessionView.facts(server.database(), id).isPresent()) {
            throw ApiException.badRequest("transfer session " + id + " exists already");
        }
        checkFilterAgainstScopes(syncSession, filter, push);
        // Morango's client sends "{}" here before it knows its FSIC; anything else must be one.
        boolean fsicGiven = clientFsic != null && !clientFsic.isBlank() && !"{}".equals(clientFsic.trim());
        if (fsicGiven) {
            checkClientFsic(clientFsic, FsicFormat.of(TransferServer.negotiated(new HashSet<>(request.capabilities()))));
        }
        RemoteTransferSession created = server.createTransferSession(id, syncSessionId, filter, push,
                new HashSet<>(request.capabilities()));
        if (fsicGiven) {
            server.updateTransferSession(id, new TransferSessionUpdate(null, clientFsic, null, null));
        }
        if (created.status() == TransferStatus.ERRORED) {
            throw new StageErroredException("initializing transfer session " + id + " failed: " + created.error());
        }
        int status = created.hasCompleted(SyncStage.INITIALIZING) ? 201 : 202;
        return ApiResponse.json(status, json(renderActive(id)));
    }

    /**
     * Reference §5.3: a push must lie within what the client may write and the server may read, a
     * pull within what the client may read and the server may write.
     */
    private void checkFilterAgainstScopes(SyncSessionRow syncSession, SyncFilter filter, boolean push) {
        Certificate client = certificates.find(syncSession.clientCertificateId()).map(StoredCertificate::certificate)
                .orElseThrow(() -> ApiException.forbidden("sync session " + syncSession.id()
                        + " has no client certificate this node knows"));
        Certificate own = certificates.find(syncSession.serverCertificateId()).map(StoredCertificate::certificate)
                .orElseThrow(() -> ApiException.forbidden("sync session " + syncSession.id()
                        + " has no server certificate this node knows"));
        Scope clientScope = CertificateChecks.scopeOf(client, certificates.scopeDefinitions());
        Scope serverScope = CertificateChecks.scopeOf(own, certificates.scopeDefinitions());
        SyncFilter clientAllowed = push ? clientScope.writeFilter() : clientScope.readFilter();
        SyncFilter serverAllowed = push ? serverScope.readFilter() : serverScope.writeFilter();
        String direction = push ? "push" : "pull";
        // The server's message wins when both fail, as in Morango (it is assigned last).
        if (!filter.isSubsetOf(serverAllowed)) {
            throw ApiException.forbidden("Server certificate scope does not permit " + (push ? "receiving" : "sending")
                    + " for the filter: " + direction + " of " + oneLine(filter) + " is not within " + oneLine(serverAllowed));
        }
        if (!filter.isSubsetOf(clientAllowed)) {
            throw ApiException.forbidden("Client certificate scope does not permit " + (push ? "pushing" : "pulling")
                    + " for the filter: " + direction + " of " + oneLine(filter) + " is not within " + oneLine(clientAllowed));
        }
    }

    private static String oneLine(SyncFilter filter) {
        return "'" + filter.toString().replace("\n", " ") + "'";
    }

    private ApiResponse updateTransferSession(ApiRequest request, String id) {
        renderActive(id);
        JsonNode body = object(request);
        SyncStage stage = null;
        if (body.has("transfer_stage") && !body.get("transfer_stage").isNull()) {
            String name = text(body, "transfer_stage");
            try {
                stage = SyncStage.fromWireName(name);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("transfer_stage '" + name + "' is not a stage");
            }
        }
        String clientFsic = optionalText(body, "client_fsic", null);
        Long recordsTotal = optionalCount(body, "records_total");
        Long recordsTransferred = optionalCount(body, "records_transferred");
        Long bytesSent = optionalCount(body, "bytes_sent");
        Long bytesReceived = optionalCount(body, "bytes_received");
        if (clientFsic != null) {
            checkClientFsic(clientFsic, TransferSessionView.facts(server.database(), id).orElseThrow().fsicFormat());
        }
        server.recordByteCounts(id, bytesSent, bytesReceived);
        try {
            server.updateTransferSession(id, new TransferSessionUpdate(stage, clientFsic, recordsTotal, recordsTransferred));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return ApiResponse.json(200, json(renderActive(id)));
    }

    /** A client FSIC the queuing stage could not read is refused here, before anything is stored. */
    private static void checkClientFsic(String text, FsicFormat format) {
        try {
            if (format == FsicFormat.V2) {
                FsicJson.parseV2(text);
            } else {
                FsicJson.parseV1(text);
            }
        } catch (FsicFormatException e) {
            throw ApiException.badRequest("client_fsic is not a " + (format == FsicFormat.V2 ? "v2" : "v1")
                    + " FSIC: " + e.getMessage());
        }
    }

    private ApiResponse deleteTransferSession(String id) {
        renderActive(id);
        server.deleteTransferSession(id);
        return ApiResponse.empty(204);
    }

    private Map<String, Object> renderActive(String id) {
        return TransferSessionView.render(server.database(), id).filter(m -> Boolean.TRUE.equals(m.get("active")))
                .orElseThrow(() -> ApiException.notFound("no active transfer session " + id));
    }

    // buffers/

    private ApiResponse bufferPage(ApiRequest request) {
        String id = request.query().get("transfer_session_id");
        if (id == null || id.isEmpty()) {
            throw ApiException.badRequest("transfer_session_id is required");
        }
        TransferSessionView.Facts facts = TransferSessionView.facts(server.database(), id).filter(f -> f.active())
                .orElseThrow(() -> ApiException.notFound("no active transfer session " + id));
        if (facts.push()) {
            throw ApiException.forbidden("transfer session " + id + " is a push: this node serves no buffers for it");
        }
        int limit = queryInt(request, "limit", 100, 1, MAX_PAGE);
        long offset = queryInt(request, "offset", 0, 0, Integer.MAX_VALUE);
        long count = bufferCount(id, facts);
        List<BufferRecord> records = server.buffers(id, offset, limit);
        String base = request.baseUrl() + PREFIX + "buffers/";
        String next = offset + limit < count ? base + pageQuery(limit, offset + limit, id) : null;
        String previous = offset <= 0 ? null : base + pageQuery(limit, offset - limit, id);
        return new ApiResponse(200, BufferRecordJson.page(count, next, previous, records), Map.of(), true);
    }

    /**
     * How many records the transfer session's buffer holds, a page's {@code count}. Counting runs over the
     * whole buffer, so counting for every page made a pull quadratic (3-4 ms per page at 100,000 records).
     * A producer's buffer is written only by its queuing stage, which stores its size as the session's
     * {@code records_total} in the same transaction, and emptied by cleanup (or the stale session
     * collector, which also ends the session); stages only move forward. So once the session has reached
     * transferring, the count is the stored total, which every node of a hub tier reads alike.
     */
    private long bufferCount(String id, TransferSessionView.Facts facts) {
        if (facts.stage() == SyncStage.TRANSFERRING && facts.recordsTotal() != null) {
            return facts.recordsTotal();
        }
        return TransferSessionView.bufferCount(server.database(), id);
    }

    /** DRF's links: query parameters sorted by name; {@code offset} dropped when it would be 0. */
    private static String pageQuery(int limit, long offset, String id) {
        String encodedId = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
        return offset > 0 ? "?limit=" + limit + "&offset=" + offset + "&transfer_session_id=" + encodedId
                : "?limit=" + limit + "&transfer_session_id=" + encodedId;
    }

    private ApiResponse receiveBuffers(ApiRequest request) {
        List<BufferRecord> records = streamedRecords(request.body());
        if (records == null) {
            records = parsedRecords(request);
        }
        if (records.isEmpty()) {
            throw ApiException.badRequest("the body holds no buffer records");
        }
        String id = records.get(0).transferSessionId();
        for (int i = 1; i < records.size(); i++) {
            if (!records.get(i).transferSessionId().equals(id)) {
                throw ApiException.forbidden("records of several transfer sessions in one request: record " + i
                        + " (" + records.get(i).modelUuid() + ") names " + records.get(i).transferSessionId()
                        + ", record 0 names " + id);
            }
        }
        TransferSessionView.Facts facts = TransferSessionView.facts(server.database(), id).filter(f -> f.active())
                .orElseThrow(() -> ApiException.notFound("no active transfer session " + id));
        if (!facts.push()) {
            throw ApiException.forbidden("transfer session " + id + " is a pull: records cannot be pushed to it");
        }
        long bytes = request.body() == null ? 0 : request.body().length();
        List<RecordRejection> refused = server.receiveBuffersAllOrNothing(id, records, 0, bytes).rejected();
        if (!refused.isEmpty()) {
            StringBuilder detail = new StringBuilder("refused ").append(refused.size()).append(" of ")
                    .append(records.size()).append(" records, none stored: ");
            for (int i = 0; i < refused.size() && i < 10; i++) {
                RecordRejection r = refused.get(i);
                detail.append(i == 0 ? "" : "; ").append("record ").append(r.recordKey())
                        .append(r.modelName() == null ? "" : " (" + r.modelName() + ")").append(": ").append(r.reason());
            }
            throw ApiException.badRequest(detail.toString());
        }
        Optional<Map<String, Object>> after = TransferSessionView.render(server.database(), id);
        if (after.isPresent() && "errored".equals(after.get().get("transfer_stage_status"))) {
            throw new StageErroredException("transfer session " + id + " errored while receiving records");
        }
        return ApiResponse.empty(201);
    }

    /**
     * A push body read straight from its tokens (see {@link BufferRecordStream}), or null when anything in
     * it is not plain: {@link #parsedRecords} then reads it as a tree and refuses it with its own words.
     */
    private static List<BufferRecord> streamedRecords(String body) {
        if (body == null) {
            return null;
        }
        try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
            JsonToken token = parser.nextToken();
            List<BufferRecord> records;
            if (token == JsonToken.START_ARRAY) {
                records = BufferRecordStream.readArray(parser);
            } else if (token == JsonToken.START_OBJECT) {
                BufferRecord record = BufferRecordStream.readRecord(parser);
                records = record == null ? null : List.of(record);
            } else {
                return null;
            }
            // trailing text after the value: leave the verdict to the tree reader
            return records == null || parser.nextToken() != null ? null : records;
        } catch (IOException e) {
            return null; // broken JSON: the tree reader reports it
        }
    }

    /** A push body read as a tree: a buffer record or a list of them; a malformed record refuses it all. */
    private static List<BufferRecord> parsedRecords(ApiRequest request) {
        JsonNode body = parse(request);
        if (!body.isArray() && !body.isObject()) {
            throw ApiException.badRequest("the body must be a buffer record or a list of them");
        }
        List<BufferRecord> records = new ArrayList<>();
        int index = 0;
        for (JsonNode element : body.isArray() ? body : List.of(body)) {
            try {
                records.add(BufferRecordParser.parse(element));
            } catch (BufferRecordParser.MalformedRecordException e) {
                RecordRejection r = e.rejection();
                throw ApiException.badRequest("record " + index + " (" + r.recordKey() + ") is malformed: " + r.reason());
            }
            index++;
        }
        return records;
    }

    // request helpers

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new ApiException(405, "Method \"" + method + "\" not allowed.", Map.of("Allow", String.join(", ", allowed)));
    }

    private static void noId(String id, String resource) {
        if (id != null) {
            throw ApiException.notFound("no API endpoint at " + PREFIX + resource + "/" + id + "/");
        }
    }

    private static JsonNode parse(ApiRequest request) {
        if (request.body() == null || request.body().isBlank()) {
            throw ApiException.badRequest("the request has no JSON body");
        }
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node == null) {
                throw ApiException.badRequest("the request has no JSON body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("JSON parse error - " + e.getOriginalMessage());
        }
    }

    private static JsonNode object(ApiRequest request) {
        JsonNode node = parse(request);
        if (!node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static String morangoId(JsonNode body, String field) {
        String id = text(body, field).replace("-", "").toLowerCase(java.util.Locale.ROOT);
        if (!id.matches("[0-9a-f]{32}")) {
            throw ApiException.badRequest("field '" + field + "' must be a UUID (32 hex digits)");
        }
        return id;
    }

    private static int integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            if (value != null && value.isTextual() && value.textValue().matches("-?\\d{1,9}")) {
                return Integer.parseInt(value.textValue());
            }
            throw ApiException.badRequest("field '" + field + "' must be an integer");
        }
        return value.intValue();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw ApiException.badRequest("field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    private static Long optionalCount(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw ApiException.badRequest("field '" + field + "' must be a whole number, 0 or more");
        }
        return value.longValue();
    }

    private static int queryInt(ApiRequest request, String name, int fallback, int min, int max) {
        String text = request.query().get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min) {
                throw ApiException.badRequest("query parameter " + name + " must be at least " + min);
            }
            return Math.min(value, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + " must be a whole number");
        }
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A stage that errored while a request ran it: Morango answers 500; the cause is logged. */
    static final class StageErroredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StageErroredException(String message) {
            super(message);
        }
    }

    /** HTTP Basic credentials; Morango's username may carry further arguments as a query string. */
    record Credentials(String username, char[] password, Map<String, String> arguments) {

        static Credentials of(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw new ApiException(401, "Authentication credentials were not provided.",
                        Map.of("WWW-Authenticate", "Basic realm=\"api\""));
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(401, "Invalid basic header. Credentials not correctly base64 encoded.",
                        Map.of("WWW-Authenticate", "Basic realm=\"api\""));
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new ApiException(401, "Invalid basic header. No credentials provided.",
                        Map.of("WWW-Authenticate", "Basic realm=\"api\""));
            }
            String user = decoded.substring(0, colon);
            char[] password = decoded.substring(colon + 1).toCharArray();
            Map<String, String> arguments = new LinkedHashMap<>();
            if (user.contains("=")) {
                arguments = ApiRequestReader.parseQuery(user, problem -> new ApiException(401,
                        "Invalid basic header: the user arguments are not correctly percent-encoded: " + problem,
                        Map.of("WWW-Authenticate", "Basic realm=\"api\"")));
                user = arguments.remove("username");
                if (user == null) {
                    throw new ApiException(401, "Invalid basic header: the user arguments name no username.",
                            Map.of("WWW-Authenticate", "Basic realm=\"api\""));
                }
            }
            return new Credentials(user, password, Map.copyOf(arguments));
        }
    }
}
