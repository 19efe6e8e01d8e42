package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.wire.CertificateWire;
import org.facilitysync.core.internal.wire.TransferSessionWire;
import org.facilitysync.core.internal.wire.WireJson;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the client takes a peer's answer apart: the body as JSON, a transfer session, a list of
 * certificates whose signed text must name the id they are labelled with. A peer's answer that is not
 * what the protocol says is a {@link MorangoHttpException} that names the request and the problem.
 */
final class PeerAnswers {

    private PeerAnswers() {
    }

    static JsonNode json(Response response) {
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

    static MorangoHttpException notJson(Response response, IOException e) {
        return new MorangoHttpException(response.method(), response.uri(), response.status(), null,
                response.method() + " " + response.uri() + ": the peer's answer is not JSON (" + e.getMessage() + ")", e);
    }

    static RemoteTransferSession transferSession(Response response, String where) {
        try {
            return TransferSessionWire.read(json(response), where);
        } catch (IllegalArgumentException e) {
            throw new MorangoHttpException(response.method(), response.uri(), response.status(), null, e.getMessage(), e);
        }
    }

    static List<CertificateChainEntry> entries(JsonNode json, String where) {
        if (!json.isArray()) {
            throw malformed(where, "the answer is not a list of certificates");
        }
        List<CertificateChainEntry> entries = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            entries.add(entry(json.get(i), where + ", certificate " + i));
        }
        return entries;
    }

    static CertificateChainEntry entry(JsonNode api, String where) {
        try {
            return CertificateWire.entry(api, where);
        } catch (IllegalArgumentException e) {
            throw malformed(where, e.getMessage());
        }
    }

    static Certificate certificate(CertificateChainEntry entry, String where) {
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

    static MorangoHttpException malformed(String where, String problem) {
        String method = where.contains(" ") ? where.substring(0, where.indexOf(' ')) : where;
        return new MorangoHttpException(method, null, 200, null, where + ": " + problem, null);
    }
}
