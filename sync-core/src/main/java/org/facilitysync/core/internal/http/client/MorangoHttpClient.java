package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.wire.BufferChunk;
import org.facilitysync.core.internal.wire.BufferPage;
import org.facilitysync.core.internal.wire.CertificateWire;
import org.facilitysync.core.internal.wire.MorangoInfo;
import org.facilitysync.core.internal.wire.Nonce;
import org.facilitysync.core.internal.wire.SyncSessionWire;
import org.facilitysync.core.internal.wire.TransferSessionWire;
import org.facilitysync.core.internal.wire.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Morango's HTTP API of one peer ({@code <base url>api/morango/v1/}), call by call, as Morango 0.8's
 * {@code NetworkSyncConnection} speaks it: the same paths, query parameters, JSON bodies (field order
 * and {@code json.dumps} layout included) and headers. Every request announces this node's
 * capabilities ({@code X-Morango-Capabilities}) and a User-Agent; bytes on the wire are counted.
 *
 * <p><b>Retries.</b> Failures are retried with exponential backoff within the {@link RetryPolicy}'s
 * deadline, but only where repeating cannot do harm:
 * <ul>
 * <li>A connection that could not be opened (refused, connect timeout): always, since the request
 * never left.</li>
 * <li>A 5xx answer, a broken connection or a timeout after the request was sent: only for requests
 * whose repetition leaves the peer as one request would — every GET; PATCH of a transfer session
 * (absolute field values, and asking for a stage the peer already reached does nothing); DELETE (a
 * repeated DELETE that finds the session gone, 404, counts as done); and {@code POST nonces/} (an
 * unused extra nonce just expires).</li>
 * <li>Never blindly for the other POSTs: {@code syncsessions/} consumes its single-use nonce (the
 * handshake must be redone with a new one), {@code transfersessions/} would exist twice (the engine
 * asks whether it exists before creating it again), {@code buffers/} would append the chunk twice
 * (the engine resumes from the offset the peer reports), and a CSR would issue a second certificate.</li>
 * </ul>
 * A 4xx answer is never retried: it is the peer's refusal, and its message reaches the caller in a
 * {@link MorangoHttpException}.
 *
 * <p>Redirects are followed only within the same scheme, host and port; a redirect elsewhere is
 * refused, since the peer's answer would then come from a host the operator did not name. HTTP/1.1,
 * as Morango's servers speak it.
 */
public final class MorangoHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(MorangoHttpClient.class);

    /** Where Morango's API lives under a peer's base URL. */
    public static final String API_PATH = "api/morango/v1/";

    /** The capabilities this client announces, in the order Morango 0.8 sends them. */
    public static final List<String> CAPABILITIES = List.of("ASYNC_OPERATIONS", "FSIC_V2_FORMAT", "GZIP_BUFFER_POST");

    /** The capability under which buffer chunks are POSTed gzipped. */
    public static final String GZIP_BUFFER_POST = "GZIP_BUFFER_POST";

    /** The User-Agent sent unless the builder is given another. */
    public static final String DEFAULT_USER_AGENT = "facilitysync/1.0 (Morango 0.8 protocol) Java/"
            + Runtime.version().feature();

    private static final String CAPABILITIES_HEADER = "X-Morango-Capabilities";
    private static final int MAX_REDIRECTS = 5;
    /**
     * Attempts in a row that find nothing accepting connections at the address (refused: no process
     * listens there, not even a balancer) before the call gives up, about a second with the default
     * backoff instead of the whole retry budget: a hub that is gone is reported at once. Behind a
     * balancer a dead node is never refused; the balancer's 5xx is retried, through the balancer, so
     * another node takes over.
     */
    static final int REFUSED_ATTEMPTS = 3;

    /** No attempt is started with less time than this left: it could only time out. */
    private static final long MIN_ATTEMPT_NANOS = 100_000_000L;

    private final URI baseUrl;
    private final URI apiUrl;
    private final HttpClient http;
    private final String userAgent;
    private final RetryPolicy retry;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final RequestTimes requestTimes = new RequestTimes();
    private final int bufferGzipLevel;
    private volatile MorangoInfo info;

    private MorangoHttpClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.apiUrl = baseUrl.resolve(API_PATH);
        this.userAgent = builder.userAgent;
        this.retry = builder.retry;
        this.bufferGzipLevel = builder.bufferGzipLevel;
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(builder.connectTimeout);
        if (builder.trustedCertificatePem != null) {
            http.sslContext(TlsTrust.trusting(builder.trustedCertificatePem));
        }
        this.http = http.build();
    }

    /**
     * A builder for the peer at {@code baseUrl} (e.g. {@code http://hub.example:8080/}, the URL Kolibri's
     * {@code --baseurl} takes; the API path is appended).
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL without query
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** Options of a {@link MorangoHttpClient}. */
    public static final class Builder {
        private final URI baseUrl;
        private String userAgent = DEFAULT_USER_AGENT;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(20);
        private String trustedCertificatePem;
        private int bufferGzipLevel = GzipBody.MORANGO_LEVEL;

        private Builder(String baseUrl) {
            this.baseUrl = normalizeBaseUrl(baseUrl);
        }

        public Builder userAgent(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the User-Agent must not be blank");
            }
            this.userAgent = value;
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry policy");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("the connect timeout must be positive, got " + value);
            }
            this.connectTimeout = value;
            return this;
        }

        /**
         * Trusts (only) the X.509 certificate(s) of this PEM text for https, e.g. a hub's self-signed
         * certificate. Without it the JDK's default trust applies.
         */
        public Builder trustedCertificatePem(String pem) {
            TlsTrust.trusting(pem); // fail here, naming the problem, not at first use
            this.trustedCertificatePem = pem;
            return this;
        }

        /**
         * The gzip level of pushed chunks, 1 (fastest) to 9. Default 9, Morango's, whose bodies equal a Morango
         * client's byte for byte; any level is valid gzip to a peer.
         */
        public Builder bufferGzipLevel(int level) {
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("the gzip level of pushed chunks is 1 to 9, not " + level);
            }
            this.bufferGzipLevel = level;
            return this;
        }

        public MorangoHttpClient build() {
            return new MorangoHttpClient(this);
        }
    }

    static URI normalizeBaseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the peer's base URL is missing");
        }
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' must not have a query or fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the peer's base URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
    }

    /** The peer's base URL, ending with {@code /} (Morango's {@code connection_path}). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Bytes of request bodies sent so far, as on the wire (gzipped where gzipped). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Bytes of response bodies received so far, as on the wire (before inflating). */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /**
     * How long this client's HTTP requests took, each attempt and redirect counted as one request: what
     * shows whether a peer keeps its requests short (background stages) or holds some for minutes.
     */
    public RequestTimes requestTimes() {
        return requestTimes;
    }

    // ---------------------------------------------------------------- calls

    /** {@code GET morangoinfo/1/}: who the peer is and what it can do (remembered for {@link #info()}). */
    public MorangoInfo morangoinfo() {
        MorangoInfo result;
        try {
            result = MorangoInfo.read(json(call(Call.get("morangoinfo/1/"))));
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
        JsonNode list = json(response.get());
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
        for (CertificateChainEntry entry : entries(json(call(Call.get(path))), "GET " + path)) {
            certificates.add(certificate(entry, "GET " + path));
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
        for (CertificateChainEntry entry : entries(json(call(Call.get(path))), "GET " + path)) {
            certificates.add(certificate(entry, "GET " + path));
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
        return entries(json(call(Call.get(path))), "GET " + path);
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
        JsonNode json = json(response);
        return certificate(entry(json, "POST certificates/"), "POST certificates/");
    }

    /** {@code POST nonces/}: a fresh single-use nonce for a sync-session handshake. */
    public Nonce nonce() {
        try {
            return Nonce.read(json(call(Call.post("nonces/", null, true))));
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
            return SyncSessionWire.Opened.read(json(call(Call.post("syncsessions/", request.json(), false))));
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
        return transferSession(call(Call.post("transfersessions/", body, false)), "POST transfersessions/");
    }

    /** {@code GET transfersessions/{id}/}: the peer's transfer session, empty when it has no active one. */
    public Optional<RemoteTransferSession> transferSession(String transferSessionId) {
        requireId(transferSessionId, "transfer session id");
        String path = "transfersessions/" + transferSessionId + "/";
        return callUnlessMissing(Call.get(path)).map(r -> transferSession(r, "GET " + path));
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
        return transferSession(call(Call.patch(path, body)), "PATCH " + path);
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
            throw notJson(response, e);
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

    /** One request to make: what it is and whether repeating it after it may have arrived is harmless. */
    static final class Call {
        final String method;
        final String path;
        final byte[] body;
        final String contentType;
        final boolean repeatable;
        final Map<String, String> headers = new LinkedHashMap<>();

        Call(String method, String path, byte[] body, String contentType, boolean repeatable) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.contentType = contentType;
            this.repeatable = repeatable;
        }

        static Call get(String path) {
            return new Call("GET", path, null, null, true);
        }

        static Call delete(String path) {
            return new Call("DELETE", path, null, null, true);
        }

        static Call patch(String path, String json) {
            return new Call("PATCH", path, json.getBytes(StandardCharsets.UTF_8), "application/json", true);
        }

        static Call post(String path, String json, boolean repeatable) {
            return new Call("POST", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                    json == null ? null : "application/json", repeatable);
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /** A peer's successful answer, its body inflated. */
    record Response(int status, byte[] body, URI uri, String method) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

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

    Response call(Call call) {
        URI uri = apiUrl.resolve(call.path);
        long start = System.nanoTime();
        long deadline = start + retry.deadline().toNanos();
        int attempt = 0;
        int redirects = 0;
        int lastStatus = 0;
        int refusedInARow = 0;
        String lastServerMessage = null;
        String lastAnswer = null;
        while (true) {
            attempt++;
            String failure;
            Throwable cause = null;
            int status = 0;
            String serverMessage = null;
            boolean retryable;
            boolean untrustedPeer = false;
            long remaining = deadline - System.nanoTime();
            long sent = System.nanoTime();
            try {
                HttpResponse<byte[]> response;
                try {
                    response = http.send(request(call, uri, timeout(remaining)), HttpResponse.BodyHandlers.ofByteArray());
                } finally {
                    requestTimes.record(call.method, uri, System.nanoTime() - sent);
                }
                byte[] raw = response.body() == null ? new byte[0] : response.body();
                bytesReceived.addAndGet(raw.length);
                status = response.statusCode();
                byte[] body = GzipBody.decode(raw, response.headers().firstValue("Content-Encoding").orElse(null));
                if (status >= 200 && status < 300) {
                    return new Response(status, body, uri, call.method);
                }
                if (status >= 300 && status < 400) {
                    uri = redirectTarget(call, uri, response, ++redirects);
                    attempt--; // following a redirect is not a failed attempt
                    continue;
                }
                serverMessage = ServerMessage.of(new String(body, StandardCharsets.UTF_8));
                failure = "HTTP " + status + (serverMessage == null ? "" : ": " + serverMessage);
                if (status == 404 && attempt > 1 && call.method.equals("DELETE")) {
                    // an earlier attempt got through and only its answer was lost: the session is gone
                    return new Response(204, new byte[0], uri, call.method);
                }
                if (status < 500) {
                    throw new MorangoHttpException(call.method, uri, status, serverMessage,
                            call.method + " " + uri + " was refused by the peer: " + failure, null);
                }
                retryable = call.repeatable;
                lastStatus = status;
                lastServerMessage = serverMessage;
                lastAnswer = failure;
            } catch (IOException e) {
                cause = e;
                boolean notSent = neverSent(e);
                failure = (notSent ? "cannot connect: " : "") + describe(e);
                retryable = call.repeatable || notSent;
                refusedInARow = refused(e) ? refusedInARow + 1 : 0;
                if (refusedInARow >= REFUSED_ATTEMPTS) {
                    throw new MorangoHttpException(call.method, uri, lastStatus, lastServerMessage, call.method + " "
                            + uri + " failed: cannot connect: nothing accepts connections at " + uri.getHost() + ":" + port(uri)
                            + " (" + attempt + " attempts in " + seconds(System.nanoTime() - start) + "); the peer is not"
                            + " running there, or not on that port", e);
                }
                if (untrusted(e)) {
                    untrustedPeer = true;
                    // the peer's certificate will not become trusted by asking again
                    failure = "TLS handshake failed, the peer's certificate is not trusted (for a self-signed hub,"
                            + " give its certificate to trust): " + describe(e);
                    retryable = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MorangoHttpException(call.method, uri, 0, null, call.method + " " + uri
                        + " was interrupted", e);
            }
            if (status == 0 && lastStatus != 0) {
                // a later attempt got no answer at all: the peer's last words say more about it
                status = lastStatus;
                serverMessage = lastServerMessage;
                failure = failure + " (before that: " + lastAnswer + ")";
            }
            long delay = retry.delayAfter(attempt).toNanos();
            boolean timeLeft = System.nanoTime() + delay + MIN_ATTEMPT_NANOS < deadline;
            if (!retryable || attempt >= retry.maxAttempts() || !timeLeft) {
                String why = !retryable ? (call.repeatable || untrustedPeer ? "" : " (not retried: repeating this request is not safe)")
                        : attempt >= retry.maxAttempts() ? "" : " (deadline of " + seconds(retry.deadline().toNanos()) + " reached)";
                throw new MorangoHttpException(call.method, uri, status, serverMessage, call.method + " " + uri
                        + " failed after " + attempt + (attempt == 1 ? " attempt" : " attempts") + " in "
                        + seconds(System.nanoTime() - start) + ": " + failure + why, cause);
            }
            if (attempt == 1) {
                // The first word at once, not after the whole retry budget.
                LOG.warn("{} {} failed: {}; retrying (up to {} attempts within {})", call.method, uri, failure,
                        retry.maxAttempts(), seconds(retry.deadline().toNanos()));
            }
            LOG.debug("{} {} failed (attempt {}): {}; retrying in {} ms", call.method, uri, attempt, failure,
                    delay / 1_000_000);
            try {
                Thread.sleep(delay / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MorangoHttpException(call.method, uri, status, serverMessage, call.method + " " + uri
                        + " was interrupted while waiting to retry after: " + failure, e);
            }
        }
    }

    private HttpRequest request(Call call, URI uri, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", "gzip, deflate")
                .header("Accept", "application/json")
                .header(CAPABILITIES_HEADER, String.join(" ", CAPABILITIES));
        if (call.contentType != null) {
            // Morango's client sends the gzip content type's name in lower case; the name is case-insensitive
            request.header(call.contentType.equals("application/gzip") ? "content-type" : "Content-Type",
                    call.contentType);
        }
        call.headers.forEach(request::header);
        if (call.body == null) {
            request.method(call.method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
            bytesSent.addAndGet(call.body.length);
        }
        return request.build();
    }

    private Duration timeout(long remainingNanos) {
        long nanos = Math.max(1_000_000L, Math.min(remainingNanos, retry.attemptTimeout().toNanos()));
        return Duration.ofNanos(nanos);
    }

    private URI redirectTarget(Call call, URI from, HttpResponse<?> response, int redirects) {
        String location = response.headers().firstValue("Location").orElse(null);
        int status = response.statusCode();
        if (location == null) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " answered " + status + " without a Location to go to", null);
        }
        URI target = from.resolve(location);
        if (!sameOrigin(from, target)) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " redirects to another host (" + target + "); refused: sync only with the peer you named", null);
        }
        boolean keepsMethod = status == 307 || status == 308;
        if (!keepsMethod && !call.method.equals("GET")) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " answered " + status + " (redirect to " + target + "), which would turn it into a GET; refused", null);
        }
        if (redirects > MAX_REDIRECTS) {
            throw new MorangoHttpException(call.method, from, status, null, call.method + " " + from
                    + " redirected more than " + MAX_REDIRECTS + " times", null);
        }
        return target;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost())) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Whether the request certainly never reached the peer (so repeating any request is safe). */
    /** Whether the connection was refused: nothing listens at the address. */
    private static boolean refused(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean neverSent(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static boolean untrusted(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String kind = e instanceof java.net.http.HttpTimeoutException ? "timed out"
                : e.getClass().getSimpleName();
        if (message == null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return message == null ? kind : kind + " (" + message + ")";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private JsonNode json(Response response) {
        try {
            JsonNode node = WireJson.read(response.body());
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw notJson(response, e);
        }
    }

    private static MorangoHttpException notJson(Response response, IOException e) {
        return new MorangoHttpException(response.method(), response.uri(), response.status(), null,
                response.method() + " " + response.uri() + ": the peer's answer is not JSON (" + e.getMessage() + ")", e);
    }

    private RemoteTransferSession transferSession(Response response, String where) {
        try {
            return TransferSessionWire.read(json(response), where);
        } catch (IllegalArgumentException e) {
            throw new MorangoHttpException(response.method(), response.uri(), response.status(), null, e.getMessage(), e);
        }
    }

    private List<CertificateChainEntry> entries(JsonNode json, String where) {
        if (!json.isArray()) {
            throw malformed(where, "the answer is not a list of certificates");
        }
        List<CertificateChainEntry> entries = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            entries.add(entry(json.get(i), where + ", certificate " + i));
        }
        return entries;
    }

    private CertificateChainEntry entry(JsonNode api, String where) {
        try {
            return CertificateWire.entry(api, where);
        } catch (IllegalArgumentException e) {
            throw malformed(where, e.getMessage());
        }
    }

    private Certificate certificate(CertificateChainEntry entry, String where) {
        Certificate certificate;
        try {
            certificate = CertificateSerialization.fromSerialized(entry.serialized(), entry.signature());
        } catch (RuntimeException e) {
            throw malformed(where, "certificate " + entry.id() + " cannot be read: " + e.getMessage());
        }
        if (!certificate.id().equals(entry.id())) {
            throw malformed(where, "certificate labelled " + entry.id() + " is certificate " + certificate.id()
                    + " in its signed text");
        }
        return certificate;
    }

    private MorangoHttpException malformed(String method, String path, String problem) {
        return malformed(method + " " + apiUrl.resolve(path), problem);
    }

    private static MorangoHttpException malformed(String where, String problem) {
        String method = where.contains(" ") ? where.substring(0, where.indexOf(' ')) : where;
        return new MorangoHttpException(method, null, 200, null, where + ": " + problem, null);
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
        return "Morango peer " + baseUrl;
    }
}
