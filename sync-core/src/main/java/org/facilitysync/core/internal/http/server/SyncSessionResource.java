package org.facilitysync.core.internal.http.server;

import java.util.List;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChain;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateVerificationException;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceRejectedException;
import org.facilitysync.core.internal.trust.NonceStore;
import org.facilitysync.core.internal.trust.StoredCertificate;
import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.SyncSessionWire;

/**
 * {@code syncsessions/}: the handshake that opens a sync session (the client's certificate chain verified,
 * its signature of the nonce checked, the nonce used up, this node's signature returned), an open
 * session retrieved, and one closed.
 */
final class SyncSessionResource {

    /** The longest certificate chain a handshake may send (Kolibri's are two or three long). */
    static final int MAX_CHAIN = 16;

    private final TransferServer server;
    private final CertificateStore certificates;
    private final NonceStore nonces;
    private final InstanceIdStore instances;

    SyncSessionResource(TransferServer server, CertificateStore certificates, NonceStore nonces) {
        this.server = server;
        this.certificates = certificates;
        this.nonces = nonces;
        this.instances = new InstanceIdStore(server.database());
    }

    /** {@code POST syncsessions/}. */
    ApiResponse open(ApiRequest request) {
        SyncSessionWire.Request asked = SyncSessionWire.Request.read(request.body(), request.remoteAddress());
        String id = asked.id();
        List<CertificateChainEntry> chain;
        try {
            chain = CertificateChainWire.parseChain(asked.certificateChain());
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
            verified = certificates.verifyChain(chain, asked.clientCertificateId());
        } catch (CertificateVerificationException | IllegalArgumentException e) {
            throw ApiException.forbidden("certificate chain refused: " + e.getMessage());
        }
        Certificate client = verified.last();
        IssuedCertificate own = ownCertificate(asked.serverCertificateId());
        String profile = own.certificate().profile();
        if (!client.profile().equals(profile)) {
            throw ApiException.badRequest("the client certificate's profile '" + client.profile()
                    + "' differs from the server certificate's '" + profile + "'");
        }
        if (!asked.profile().equals(profile)) {
            throw ApiException.badRequest("profile '" + asked.profile() + "' differs from the certificates' profile '"
                    + profile + "'");
        }
        if (!NonceHandshake.verify(client, asked.nonce(), id, asked.signature())) {
            throw ApiException.forbidden("the signature of \"" + asked.nonce() + ":" + id
                    + "\" does not verify with client certificate " + client.id());
        }
        try {
            nonces.use(asked.nonce());
        } catch (NonceRejectedException e) {
            throw ApiException.forbidden(e.getMessage());
        }
        try {
            certificates.saveVerified(verified);
        } catch (CertificateVerificationException | IllegalArgumentException e) {
            throw ApiException.forbidden("certificate chain refused: " + e.getMessage());
        }
        String serverInstance = SyncSessionWire.serverInstance(instances.currentInstance().orElseThrow(() ->
                new IllegalStateException("this node has no current instance")));
        try {
            server.openSyncSession(id, asked.profile(), client.id(), own.certificate().id(), asked.clientInstanceId(),
                    asked.instance(), serverInstance, asked.connectionPath(), asked.clientIp(), asked.serverIp());
        } catch (IllegalStateException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String signature = own.key().sign(NonceHandshake.message(asked.nonce(), id));
        return ApiResponse.json(201, new SyncSessionWire.Opened(signature, serverInstance).json());
    }

    private IssuedCertificate ownCertificate(String id) {
        StoredCertificate stored = certificates.find(id).orElseThrow(() ->
                ApiException.badRequest("server certificate " + id + " is not known on this node"));
        return stored.issued().orElseThrow(() -> ApiException.badRequest(
                "server certificate " + id + " is not one this node holds the private key of"));
    }

    /** {@code GET syncsessions/{id}/}. */
    ApiResponse retrieve(String id) {
        return ApiResponse.json(200, SyncSessionWire.json(active(id)));
    }

    /** {@code DELETE syncsessions/{id}/}. */
    ApiResponse close(String id) {
        server.closeSyncSession(active(id).id());
        return ApiResponse.empty(204);
    }

    private SyncSessionRow active(String id) {
        return ApiException.orNotFound(server.syncSession(id).filter(SyncSessionRow::active), "no active sync session " + id);
    }
}
