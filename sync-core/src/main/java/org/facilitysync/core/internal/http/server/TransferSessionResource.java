package org.facilitysync.core.internal.http.server;

import java.util.HashSet;
import java.util.Set;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChecks;
import org.facilitysync.core.internal.certificate.Scope;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.ServedTransferSession;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.FsicFormat;
import org.facilitysync.core.internal.fsic.FsicFormatException;
import org.facilitysync.core.internal.fsic.FsicJson;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.StoredCertificate;
import org.facilitysync.core.internal.wire.TransferSessionWire;

/**
 * {@code transfersessions/}: a transfer session created within the certificates' scopes, polled (a
 * pending stage of this node gets another turn), told the client's fields and the stage to proceed to,
 * and ended. Every answer shows the session as the engine has it ({@link TransferServer#served}).
 */
final class TransferSessionResource {

    private final TransferServer server;
    private final CertificateStore certificates;

    TransferSessionResource(TransferServer server, CertificateStore certificates) {
        this.server = server;
        this.certificates = certificates;
    }

    /** {@code POST transfersessions/}: 201 once initializing has completed, 202 while it runs. */
    ApiResponse create(ApiRequest request) {
        TransferSessionWire.Create asked = TransferSessionWire.Create.read(request.body());
        String id = asked.id();
        SyncFilter filter;
        try {
            filter = SyncFilter.fromWire(asked.filter());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("filter '" + asked.filter() + "' is not a Morango filter: " + e.getMessage());
        }
        SyncSessionRow syncSession = server.syncSession(asked.syncSessionId()).filter(SyncSessionRow::active)
                .orElseThrow(() -> ApiException.badRequest("no active sync session " + asked.syncSessionId()));
        if (server.served(id).isPresent()) {
            throw ApiException.badRequest("transfer session " + id + " exists already");
        }
        checkFilterAgainstScopes(syncSession, filter, asked.push());
        // Morango's client sends "{}" here before it knows its FSIC; anything else must be one.
        String clientFsic = asked.clientFsic();
        boolean fsicGiven = clientFsic != null && !clientFsic.isBlank() && !"{}".equals(clientFsic.trim());
        Set<String> capabilities = new HashSet<>(request.capabilities());
        if (fsicGiven) {
            checkClientFsic(clientFsic, FsicFormat.of(TransferServer.negotiated(capabilities)));
        }
        RemoteTransferSession created = server.createTransferSession(id, asked.syncSessionId(), filter, asked.push(),
                capabilities);
        if (fsicGiven) {
            server.updateTransferSession(id, new TransferSessionUpdate(null, clientFsic, null, null));
        }
        if (created.status() == TransferStatus.ERRORED) {
            throw new StageErroredException("initializing transfer session " + id + " failed: " + created.error());
        }
        int status = created.hasCompleted(SyncStage.INITIALIZING) ? 201 : 202;
        return ApiResponse.json(status, TransferSessionWire.json(active(id)));
    }

    /** {@code GET transfersessions/{id}/}: a stage left pending gets another turn (a restarted or switched-off job). */
    ApiResponse retrieve(String id) {
        server.poll(id);
        return ApiResponse.json(200, TransferSessionWire.json(active(id)));
    }

    /** {@code PATCH transfersessions/{id}/}. */
    ApiResponse update(ApiRequest request, String id) {
        ServedTransferSession before = active(id);
        TransferSessionWire.Patch asked = TransferSessionWire.Patch.read(request.body());
        if (asked.clientFsic() != null) {
            checkClientFsic(asked.clientFsic(), before.fsicFormat());
        }
        server.recordByteCounts(id, asked.bytesSent(), asked.bytesReceived());
        try {
            server.updateTransferSession(id, new TransferSessionUpdate(asked.stage(), asked.clientFsic(), asked.recordsTotal(),
                    asked.recordsTransferred()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return ApiResponse.json(200, TransferSessionWire.json(active(id)));
    }

    /** {@code DELETE transfersessions/{id}/}: cleanup runs and the session ends. */
    ApiResponse delete(String id) {
        active(id);
        server.deleteTransferSession(id);
        return ApiResponse.empty(204);
    }

    private ServedTransferSession active(String id) {
        return ApiException.orNotFound(server.served(id).filter(ServedTransferSession::active),
                "no active transfer session " + id);
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
}
