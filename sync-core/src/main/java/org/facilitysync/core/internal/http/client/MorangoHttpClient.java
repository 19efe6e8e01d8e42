package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.wire.BufferChunk;
import org.facilitysync.core.internal.wire.BufferPage;
import org.facilitysync.core.internal.wire.CertificateWire;
import org.facilitysync.core.internal.wire.MorangoInfo;
import org.facilitysync.core.internal.wire.Nonce;
import org.facilitysync.core.internal.wire.SyncSessionWire;
import org.facilitysync.core.internal.wire.TransferSessionWire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Morango's HTTP API of one peer ({@code <base url>api/morango/v1/}), call by call, as Morango 0.8's
 * {@code NetworkSyncConnection} speaks it: the same paths, query parameters, JSON bodies (field order
 * and {@code json.dumps} layout included) and headers. Every request announces this node's
 * capabilities ({@code X-Morango-Capabilities}) and a User-Agent; bytes on the wire are counted.
 *
 * <p>The endpoints are here; how a call reaches the peer (headers, gzip, redirects, which failures are
 * retried and how often, the deadline, the words of a failure) is the {@link MorangoTransport}'s.
 */
public final class MorangoHttpClient {

    /** The capability under which buffer chunks are POSTed gzipped. */
    public static final String GZIP_BUFFER_POST = "GZIP_BUFFER_POST";

    /** The User-Agent sent unless the builder is given another. */
    public static final String DEFAULT_USER_AGENT = "facilitysync/1.0 (Morango 0.8 protocol) Java/"
            + Runtime.version().feature();


    private final MorangoTransport transport;
    private final URI apiUrl;
    private final int bufferGzipLevel;
    private volatile MorangoInfo info;

    MorangoHttpClient(MorangoHttpClientBuilder builder) {
        this.transport = new MorangoTransport(builder.baseUrl, builder.userAgent, builder.retry,
                builder.connectTimeout, builder.trustedCertificatePem);
        this.apiUrl = transport.apiUrl();
        this.bufferGzipLevel = builder.bufferGzipLevel;
    }

    /**
     * A builder for the peer at {@code baseUrl} (e.g. {@code http://hub.example:8080/}, the URL Kolibri's
     * {@code --baseurl} takes; the API path is appended).
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL without query
     */
    public static MorangoHttpClientBuilder builder(String baseUrl) {
        return new MorangoHttpClientBuilder(baseUrl);
    }

    /** The peer's base URL, ending with {@code /} (Morango's {@code connection_path}). */
    public URI baseUrl() {
        return transport.baseUrl();
    }

    /** Bytes of request bodies sent so far, as on the wire (gzipped where gzipped). */
    public long bytesSent() {
        return transport.bytesSent();
    }

    /** Bytes of response bodies received so far, as on the wire (before inflating). */
    public long bytesReceived() {
        return transport.bytesReceived();
    }

    /**
     * How long this client's HTTP requests took, each attempt and redirect counted as one request: what
     * shows whether a peer keeps its requests short (background stages) or holds some for minutes.
     */
    public RequestTimes requestTimes() {
        return transport.requestTimes();
    }

    // ---------------------------------------------------------------- calls

    /** {@code GET morangoinfo/1/}: who the peer is and what it can do (remembered for {@link #info()}). */
    public MorangoInfo morangoinfo() {
        MorangoInfo result;
        try {
            result = MorangoInfo.read(PeerAnswers.json(call(Call.get("morangoinfo/1/"))));
        } catch (IllegalArgumentException e) {
            throw malformed("GET", "morangoinfo/1/", e.getMessage());
        }
        info = result;
        return result;
    }

    /**
     * {@code GET /api/public/v1/facility/}: the facilities a Kolibri peer offers, with their dataset ids;
     * empty when the peer has no such endpoint (404: a node without Kolibri's public API).
     */
    public Optional<List<PublicFacility>> publicFacilities() {
        String path = "../../public/v1/facility/";
        Optional<Response> response = callUnlessMissing(Call.get(path));
        if (response.isEmpty()) {
            return Optional.empty();
        }
        JsonNode list = PeerAnswers.json(response.get());
        if (!list.isArray()) {
            throw malformed("GET", path, "the answer is not a list of facilities");
        }
        List<PublicFacility> facilities = new ArrayList<>();
        for (JsonNode facility : list) {
            String id = facility.path("id").asText("");
            String dataset = facility.path("dataset").asText("");
            if (id.isEmpty() || dataset.isEmpty()) {
                throw malformed("GET", path, "a facility without an id or a dataset: " + facility);
            }
            facilities.add(new PublicFacility(id, dataset, facility.path("name").asText("")));
        }
        return Optional.of(facilities);
    }

    /** The peer's morangoinfo, asked once per client. */
    public MorangoInfo info() {
        MorangoInfo known = info;
        return known != null ? known : morangoinfo();
    }

    /**
     * {@code GET certificates/?primary_partition=}: the certificate {@code primaryPartition} (a dataset's
     * root certificate id) and those under it that the peer holds private keys for. Each is read from its
     * signed text (outer id checked against it) but NOT verified: verify with {@link #ancestors} and
     * {@code CertificateChain.verify} before trusting one.
     */
    public List<Certificate> certificates(String primaryPartition) {
        requireId(primaryPartition, "primary partition");
        String path = "certificates/?primary_partition=" + encode(primaryPartition);
        List<Certificate> certificates = new ArrayList<>();
        for (CertificateChainEntry entry : PeerAnswers.entries(PeerAnswers.json(call(Call.get(path))), "GET " + path)) {
            certificates.add(PeerAnswers.certificate(entry, "GET " + path));
        }
        return certificates;
    }

    /**
     * {@code GET certificates/?profile=}: every certificate of the profile the peer holds a private key
     * for; its roots name the facilities it can sync. Read, not verified (see {@link #certificates(String)}).
     */
    public List<Certificate> ownedCertificates(String profile) {
        Objects.requireNonNull(profile, "profile");
        String path = "certificates/?profile=" + encode(profile);
        List<Certificate> certificates = new ArrayList<>();
        for (CertificateChainEntry entry : PeerAnswers.entries(PeerAnswers.json(call(Call.get(path))), "GET " + path)) {
            certificates.add(PeerAnswers.certificate(entry, "GET " + path));
        }
        return certificates;
    }

    /**
     * As {@link #certificates(String)}, only those of one scope definition (Morango's {@code
     * get_remote_certificates(primary_partition, scope_def_id)}; Kolibri asks for its full-facility scope).
     */
    public List<Certificate> certificates(String primaryPartition, String scopeDefinitionId) {
        Objects.requireNonNull(scopeDefinitionId, "scope definition id");
        return certificates(primaryPartition).stream().filter(c -> c.scopeDefinitionId().equals(scopeDefinitionId))
                .toList();
    }

    /** {@code GET certificates/?ancestors_of=}: the chain of a certificate the peer owns, root first. */
    public List<CertificateChainEntry> ancestors(String certificateId) {
        requireId(certificateId, "certificate id");
        String path = "certificates/?ancestors_of=" + encode(certificateId);
        return PeerAnswers.entries(PeerAnswers.json(call(Call.get(path))), "GET " + path);
    }

    /**
     * {@code POST certificates/}: a certificate signing request, authorized by a user's credentials (HTTP
     * Basic). The peer picks the salt, computes the id and signs with the parent's key.
     *
     * @param scopeParamsJson the scope parameters as the JSON object text Morango signs
     * @param userArgs extra arguments for the peer's authentication (Kolibri: {@code facility}); when
     *     present the Basic user name is Morango's {@code username=<u>&k=v...} form
     * @return the signed certificate as read from its signed text; verify it against its parent before
     *     storing it with the private key
     */
    public Certificate signingRequest(String parentId, String profile, String scopeDefinitionId, int scopeVersion,
            String scopeParamsJson, String publicKeyString, String username, String password,
            Map<String, String> userArgs) {
        requireId(parentId, "parent certificate id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(scopeDefinitionId, "scope definition");
        Objects.requireNonNull(scopeParamsJson, "scope params");
        Objects.requireNonNull(publicKeyString, "public key");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String body = new CertificateWire.SigningRequest(parentId, profile, scopeDefinitionId, scopeVersion,
                scopeParamsJson, publicKeyString).json();
        String user = username;
        if (userArgs != null && !userArgs.isEmpty()) {
            StringBuilder args = new StringBuilder("username=").append(username);
            userArgs.forEach((k, v) -> args.append('&').append(k).append('=').append(v));
            user = args.toString();
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        Response response = call(Call.post("certificates/", body, false).header("Authorization", basic));
        JsonNode json = PeerAnswers.json(response);
        return PeerAnswers.certificate(PeerAnswers.entry(json, "POST certificates/"), "POST certificates/");
    }

    /** {@code POST nonces/}: a fresh single-use nonce for a sync-session handshake. */
    public Nonce nonce() {
        try {
            return Nonce.read(PeerAnswers.json(call(Call.post("nonces/", null, true))));
        } catch (IllegalArgumentException e) {
            throw malformed("POST", "nonces/", e.getMessage());
        }
    }

    /**
     * {@code POST syncsessions/}: opens a sync session with a signed nonce. The caller verifies the
     * server's signature in the answer.
     */
    public SyncSessionWire.Opened openSyncSession(SyncSessionWire.Request request) {
        try {
            return SyncSessionWire.Opened.read(PeerAnswers.json(call(Call.post("syncsessions/", request.json(), false))));
        } catch (IllegalArgumentException e) {
            throw malformed("POST", "syncsessions/", e.getMessage());
        }
    }

    /** {@code GET syncsessions/{id}/}: whether the peer still has that sync session active. */
    public boolean syncSessionActive(String syncSessionId) {
        requireId(syncSessionId, "sync session id");
        return callUnlessMissing(Call.get("syncsessions/" + syncSessionId + "/")).isPresent();
    }

    /** {@code DELETE syncsessions/{id}/}: ends the sync session on the peer. */
    public void closeSyncSession(String syncSessionId) {
        requireId(syncSessionId, "sync session id");
        call(Call.delete("syncsessions/" + syncSessionId + "/"));
    }

    /** {@code POST transfersessions/}: creates the transfer session (its id chosen by the client). */
    public RemoteTransferSession createTransferSession(String transferSessionId, SyncFilter filter, boolean push,
            String syncSessionId) {
        requireId(transferSessionId, "transfer session id");
        requireId(syncSessionId, "sync session id");
        String body = new TransferSessionWire.Create(transferSessionId, filter.toString(), push, syncSessionId, "{}").json();
        return PeerAnswers.transferSession(call(Call.post("transfersessions/", body, false)), "POST transfersessions/");
    }

    /** {@code GET transfersessions/{id}/}: the peer's transfer session, empty when it has no active one. */
    public Optional<RemoteTransferSession> transferSession(String transferSessionId) {
        requireId(transferSessionId, "transfer session id");
        String path = "transfersessions/" + transferSessionId + "/";
        return callUnlessMissing(Call.get(path)).map(r -> PeerAnswers.transferSession(r, "GET " + path));
    }

    /**
     * {@code PATCH transfersessions/{id}/}: reports fields and, with {@code transfer_stage}, asks the peer
     * to proceed to that stage.
     *
     * @param body the body's JSON text ({@link TransferSessionWire.Patch})
     */
    public RemoteTransferSession patchTransferSession(String transferSessionId, String body) {
        requireId(transferSessionId, "transfer session id");
        String path = "transfersessions/" + transferSessionId + "/";
        return PeerAnswers.transferSession(call(Call.patch(path, body)), "PATCH " + path);
    }

    /** {@code DELETE transfersessions/{id}/}: cleanup on the peer (a producer drops its buffer). */
    public void deleteTransferSession(String transferSessionId) {
        requireId(transferSessionId, "transfer session id");
        call(Call.delete("transfersessions/" + transferSessionId + "/"));
    }

    /**
     * {@code GET buffers/?limit=&offset=&transfer_session_id=}: one page of a pull's records. Accepts
     * the paginated envelope and a bare list, as Morango's client does.
     */
    public BufferPage buffers(String transferSessionId, long offset, int limit) {
        requireId(transferSessionId, "transfer session id");
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("buffers: offset must be >= 0 and limit >= 1, got " + offset + " and " + limit);
        }
        String path = BufferPage.request(transferSessionId, offset, limit);
        Response response = call(Call.get(path));
        try {
            return BufferPage.read(response.body());
        } catch (IOException e) {
            throw PeerAnswers.notJson(response, e);
        } catch (IllegalArgumentException e) {
            throw malformed("GET", path, e.getMessage());
        }
    }

    /**
     * {@code POST buffers/}: one chunk of a push. Gzipped ({@code application/gzip}, level 9) when the
     * peer announces {@value #GZIP_BUFFER_POST}, as this client always does; plain JSON otherwise.
     */
    public void sendBuffers(List<BufferRecord> records) {
        prepareBuffers(records).run();
    }

    /**
     * The work of {@link #sendBuffers} that needs no answer from the peer (JSON, gzip), done now; running
     * the result sends the chunk. Lets a client make the next chunk ready while the current one is in flight.
     * Gzipped at this client's {@link Builder#bufferGzipLevel level}.
     */
    public Runnable prepareBuffers(List<BufferRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("buffers: a chunk to send must hold at least one record");
        }
        String json = BufferChunk.json(records);
        Call call;
        if (info().has(GZIP_BUFFER_POST)) {
            call = new Call("POST", "buffers/", GzipBody.compress(json.getBytes(StandardCharsets.UTF_8),
                    bufferGzipLevel), "application/gzip", false);
        } else {
            call = Call.post("buffers/", json, false);
        }
        return () -> call(call);
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<Response> callUnlessMissing(Call call) {
        try {
            return Optional.of(call(call));
        } catch (MorangoHttpException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Response call(Call call) {
        return transport.send(call);
    }

    private MorangoHttpException malformed(String method, String path, String problem) {
        return PeerAnswers.malformed(method + " " + apiUrl.resolve(path), problem);
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is missing");
        }
        if (!id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new IllegalArgumentException("the " + what + " '" + id + "' has characters an id cannot have");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Morango peer " + transport.baseUrl();
    }
}
