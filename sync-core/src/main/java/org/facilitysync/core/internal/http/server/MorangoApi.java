package org.facilitysync.core.internal.http.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.facilitysync.api.facility.CertificateAuthorizer;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceStore;
import org.facilitysync.core.internal.wire.WireFormatException;

/**
 * Morango's server API ({@code morango/api/viewsets.py}; reference §1.7, §5) as plain requests and
 * answers: the router. It maps a path with its trailing slash and a method to one resource's handler
 * ({@link MorangoInfoResource}, {@link CertificateResource}, {@link NonceResource}, {@link SyncSessionResource},
 * {@link TransferSessionResource}, {@link BufferResource}), answering 404 and 405 as Django REST framework
 * does. Every refusal is an {@link ApiException} with a status and a sentence (a malformed body's
 * {@link WireFormatException} becomes a 400); a refused request changes nothing.
 */
public final class MorangoApi {

    /** Where the API is mounted. */
    public static final String PREFIX = "/api/morango/v1/";

    /** The Morango version this node speaks (clients compare it for features). */
    public static final String MORANGO_VERSION = "0.8.2";

    private static final String PUSHING_UNSUPPORTED = "certificate pushing is not supported by this node";

    private final MorangoInfoResource info;
    private final CertificateResource certificates;
    private final NonceResource nonces;
    private final SyncSessionResource syncSessions;
    private final TransferSessionResource transferSessions;
    private final BufferResource buffers;

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
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(nonces, "nonces");
        this.info = new MorangoInfoResource(server, Objects.requireNonNull(infoFields, "infoFields"));
        this.certificates = new CertificateResource(certificates, Objects.requireNonNull(authorizers, "authorizers"));
        this.nonces = new NonceResource(nonces);
        this.syncSessions = new SyncSessionResource(server, certificates, nonces);
        this.transferSessions = new TransferSessionResource(server, certificates);
        this.buffers = new BufferResource(server);
    }

    /** The answer to {@code request}; refusals come as {@link ApiException}. */
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (WireFormatException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private ApiResponse route(ApiRequest request) {
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
                return info.get();
            case "certificates":
                if (id == null) {
                    allow(method, "GET", "POST");
                    return "GET".equals(method) ? certificates.list(request) : certificates.sign(request);
                }
                allow(method, "GET");
                return certificates.retrieve(id);
            case "certificatechain":
            case "publickey":
                throw ApiException.forbidden(PUSHING_UNSUPPORTED);
            case "nonces":
                noId(id, resource);
                allow(method, "POST");
                return nonces.issue(request);
            case "syncsessions":
                if (id == null) {
                    allow(method, "POST");
                    return syncSessions.open(request);
                }
                allow(method, "GET", "DELETE");
                return "GET".equals(method) ? syncSessions.retrieve(id) : syncSessions.close(id);
            case "transfersessions":
                if (id == null) {
                    allow(method, "POST");
                    return transferSessions.create(request);
                }
                allow(method, "GET", "PATCH", "DELETE");
                return switch (method) {
                    case "GET" -> transferSessions.retrieve(id);
                    case "PATCH" -> transferSessions.update(request, id);
                    default -> transferSessions.delete(id);
                };
            case "buffers":
                noId(id, resource);
                allow(method, "GET", "POST");
                return "GET".equals(method) ? buffers.page(request) : buffers.receive(request);
            default:
                throw ApiException.notFound("no API endpoint at " + PREFIX + request.path());
        }
    }

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
}
