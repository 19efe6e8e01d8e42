package org.facilitysync.core.internal.http.client;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.PeerException;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@link HttpPeer}'s own rules over real HTTP on 127.0.0.1: mutual authentication in the handshake,
 * resuming a sync session, refusing to sync with itself, and Morango's {@code remote_proceed_to}.
 */
class HttpPeerTest {

    private static final String TS = "7676a85bfbc842ecb422c8d71e942f4b";
    private static final String SERVER_INSTANCE = "37c99a37812dce52fea1dc812985126d";
    private static final String CLIENT_INSTANCE = "998b8f292cb67a7ee381b795aa4650b4";
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 3,
            Duration.ofSeconds(3), Duration.ofSeconds(2));

    private static JsonNode vector(String role) {
        for (JsonNode certificate : elements(load("certificates.json").path("certificates"))) {
            if (certificate.path("role").asText().equals(role)) {
                return certificate;
            }
        }
        throw new AssertionError(role);
    }

    private static Certificate certificate(String role) {
        JsonNode api = vector(role).path("api_json");
        return CertificateSerialization.fromSerialized(api.path("serialized").asText(), api.path("signature").asText());
    }

    private static RsaKey key(String role) {
        return RsaKey.fromPrivateKeyPem(vector(role).path("private_key").asText());
    }

    private static HttpPeer peer(ScriptedServer server) {
        MorangoHttpClient client = MorangoHttpClient.builder(server.baseUrl()).retryPolicy(QUICK).build();
        return new HttpPeer(client, List.of(certificate("root"), certificate("child_csr")), key("child_csr"),
                certificate("root"));
    }

    /** A hub that answers the handshake, signing with {@code serverKey}. */
    private static Function<ScriptedServer.Received, ScriptedServer.Reply> hub(RsaKey serverKey) {
        return r -> {
            String path = r.pathAndQuery();
            if (path.equals("/api/morango/v1/nonces/")) {
                return ScriptedServer.Reply.json(201, "{\"id\": \"62c87817505d482d989f2229f4f4f9a7\", "
                        + "\"timestamp\": \"2026-11-22T18:05:35.854704Z\", \"ip\": \"127.0.0.1\"}");
            }
            if (path.equals("/api/morango/v1/syncsessions/") && r.method().equals("POST")) {
                JsonNode body = read(r.text());
                String signature = serverKey.sign(NonceHandshake.message(body.path("nonce").asText(),
                        body.path("id").asText()));
                return ScriptedServer.Reply.json(201, "{\"signature\": \"" + signature
                        + "\", \"server_instance\": \"{\\\"id\\\": \\\"" + SERVER_INSTANCE + "\\\"}\"}");
            }
            if (path.startsWith("/api/morango/v1/syncsessions/") && r.method().equals("DELETE")) {
                return ScriptedServer.Reply.empty(204);
            }
            return ScriptedServer.Reply.json(404, "{\"detail\": \"Not found.\"}");
        };
    }

    private static JsonNode read(String json) {
        try {
            return MorangoVectors.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHandshakeAuthenticatesBothSidesAndOpensOneSession() throws Exception {
        try (ScriptedServer server = new ScriptedServer(hub(key("root")))) {
            HttpPeer peer = peer(server);
            String id = peer.syncSession("facilitydata", CLIENT_INSTANCE);
            assertEquals(id, peer.syncSession("facilitydata", CLIENT_INSTANCE), "one handshake per connection");
            assertEquals(2, server.received().size());

            JsonNode body = read(server.received().get(1).text());
            assertEquals(id, body.path("id").asText());
            assertEquals(certificate("root").id(), body.path("server_certificate_id").asText());
            assertEquals(certificate("child_csr").id(), body.path("client_certificate_id").asText());
            assertEquals(server.baseUrl(), body.path("connection_path").asText());
            assertEquals(CLIENT_INSTANCE, read(body.path("instance").asText()).path("id").asText());
            assertEquals("127.0.0.1", body.path("server_ip").asText());
            assertTrue(NonceHandshake.verify(certificate("child_csr"), "62c87817505d482d989f2229f4f4f9a7", id,
                    body.path("signature").asText()), "the client signed the nonce with its certificate's key");
            assertEquals(2, read(body.path("certificate_chain").asText()).size());

            peer.close();
            assertEquals("DELETE /api/morango/v1/syncsessions/" + id + "/",
                    server.received().get(2).method() + " " + server.received().get(2).pathAndQuery());
            assertTrue(peer.currentSyncSession().isEmpty());
        }
    }

    @Test
    void aServerThatCannotSignWithItsCertificateIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(hub(key("child_csr")))) {
            HttpPeer peer = peer(server);
            PeerException e = assertThrows(PeerException.class, () -> peer.syncSession("facilitydata", CLIENT_INSTANCE));
            assertTrue(e.getMessage().contains("did not prove that it holds server certificate " + certificate("root").id()),
                    e.getMessage());
            assertTrue(peer.currentSyncSession().isEmpty());
            assertEquals(2, server.received().size(), "nothing more was sent");
        }
    }

    @Test
    void anActiveSyncSessionIsResumedWithoutAHandshake() throws Exception {
        String existing = "3307ce87542f48ce8b17616f63771568";
        try (ScriptedServer server = new ScriptedServer(r -> r.pathAndQuery().equals("/api/morango/v1/syncsessions/"
                + existing + "/") ? ScriptedServer.Reply.json(200, "{\"id\": \"" + existing + "\", \"active\": true}")
                        : ScriptedServer.Reply.json(404, "{\"detail\": \"Not found.\"}"))) {
            HttpPeer peer = peer(server);
            peer.resume(existing);
            assertEquals(existing, peer.syncSession("facilitydata", CLIENT_INSTANCE));
            assertEquals(1, server.received().size());

            PeerException e = assertThrows(PeerException.class, () -> peer(server).resume(
                    "00000000000000000000000000000000"));
            assertTrue(e.getMessage().contains("no active sync session 00000000000000000000000000000000"), e.getMessage());
        }
    }

    @Test
    void aPeerThatIsThisNodeIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Reply.json(200, "{\"instance_id\": \""
                + SERVER_INSTANCE + "\", \"capabilities\": [\"ASYNC_OPERATIONS\"]}"))) {
            HttpPeer peer = peer(server);
            peer.refuseSelf(CLIENT_INSTANCE);
            PeerException e = assertThrows(PeerException.class, () -> peer.refuseSelf(SERVER_INSTANCE));
            assertTrue(e.getMessage().contains("cannot sync with itself"), e.getMessage());
            assertEquals(java.util.Set.of("ASYNC_OPERATIONS"), peer.capabilities());
            assertEquals(1, server.received().size(), "morangoinfo is asked once");
        }
    }

    /** A transfer session the scripted hub reports, at a stage and status. */
    private static String session(String stage, String status) {
        return "{\"id\": \"" + TS + "\", \"active\": true, \"filter\": \"f\", \"push\": false, \"records_transferred\": 0,"
                + " \"records_total\": 30, \"server_fsic\": \"{\\\"super\\\": {}, \\\"sub\\\": {}}\", \"client_fsic\": \"{}\","
                + " \"transfer_stage\": \"" + stage + "\", \"transfer_stage_status\": \"" + status + "\"}";
    }

    private static ScriptedServer hubAt(AtomicReference<String> getAnswer, String patchAnswer) throws Exception {
        return new ScriptedServer(r -> r.method().equals("GET")
                ? (getAnswer.get() == null ? ScriptedServer.Reply.json(404, "{\"detail\": \"Not found.\"}")
                        : ScriptedServer.Reply.json(200, getAnswer.get()))
                : ScriptedServer.Reply.json(200, patchAnswer));
    }

    @Test
    void aStageThePeerIsBehindOnIsPatched() throws Exception {
        AtomicReference<String> get = new AtomicReference<>(session("initializing", "completed"));
        try (ScriptedServer server = hubAt(get, session("serializing", "completed"))) {
            RemoteTransferSession remote = peer(server).updateTransferSession(TS,
                    new TransferSessionUpdate(SyncStage.SERIALIZING, "{\"super\": {}, \"sub\": {}}", null, null));
            assertTrue(remote.hasCompleted(SyncStage.SERIALIZING));
            assertEquals("{\"super\": {}, \"sub\": {}}", remote.serverFsic());
            assertEquals(List.of("GET", "PATCH"), server.received().stream().map(ScriptedServer.Received::method).toList());
            assertEquals("{\"client_fsic\": \"{\\\"super\\\": {}, \\\"sub\\\": {}}\", \"transfer_stage\": \"serializing\"}",
                    server.received().get(1).text());
        }
    }

    @Test
    void aStageAlreadyAskedForIsOnlyPolled() throws Exception {
        AtomicReference<String> get = new AtomicReference<>(session("dequeuing", "started"));
        try (ScriptedServer server = hubAt(get, "{}")) {
            RemoteTransferSession remote = peer(server).updateTransferSession(TS,
                    TransferSessionUpdate.proceedTo(SyncStage.DEQUEUING));
            assertEquals(TransferStatus.STARTED, remote.status());
            assertTrue(!remote.hasCompleted(SyncStage.DEQUEUING));
            assertEquals(List.of("GET"), server.received().stream().map(ScriptedServer.Received::method).toList(),
                    "polling never re-triggers the peer's stage");
        }
    }

    @Test
    void aPeerPastTheStageHasCompletedIt() throws Exception {
        AtomicReference<String> get = new AtomicReference<>(session("deserializing", "pending"));
        try (ScriptedServer server = hubAt(get, "{}")) {
            assertTrue(peer(server).updateTransferSession(TS, TransferSessionUpdate.proceedTo(SyncStage.DEQUEUING))
                    .hasCompleted(SyncStage.DEQUEUING));
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void aMissingOrUnreadableTransferSessionIsAClearError() throws Exception {
        AtomicReference<String> get = new AtomicReference<>(null);
        try (ScriptedServer server = hubAt(get, "{}")) {
            HttpPeer peer = peer(server);
            assertEquals(Optional.empty(), peer.transferSession(TS));
            PeerException missing = assertThrows(PeerException.class,
                    () -> peer.updateTransferSession(TS, TransferSessionUpdate.proceedTo(SyncStage.QUEUING)));
            assertTrue(missing.getMessage().contains("no active transfer session " + TS), missing.getMessage());

            get.set(session("queuing", ""));
            PeerException unreadable = assertThrows(PeerException.class, () -> peer.transferSession(TS));
            assertTrue(unreadable.getMessage().contains("transfer_stage_status"), unreadable.getMessage());
        }
    }

    @Test
    void aPageWithAnotherTransferSessionsRecordIsRefused() throws Exception {
        JsonNode page = null;
        for (JsonNode exchange : MorangoVectors.loadLines("transcript-pull.jsonl")) {
            if (exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")) {
                page = exchange.path("response_body");
                break;
            }
        }
        String json = page.toString();
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Reply.json(200, json))) {
            HttpPeer peer = peer(server);
            assertEquals(7, peer.buffers(TS, 0, 7).size());
            PeerException e = assertThrows(PeerException.class,
                    () -> peer.buffers("00000000000000000000000000000000", 0, 7));
            assertTrue(e.getMessage().contains("of transfer session " + TS), e.getMessage());
        }
    }

    @Test
    void aClientKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Reply.empty(204))) {
            MorangoHttpClient client = MorangoHttpClient.builder(server.baseUrl()).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpPeer(client,
                    List.of(certificate("root"), certificate("child_csr")), key("root"), certificate("root")));
            assertTrue(e.getMessage().contains("not the private key of certificate " + certificate("child_csr").id()));
            IllegalArgumentException unrooted = assertThrows(IllegalArgumentException.class, () -> new HttpPeer(client,
                    List.of(certificate("child_csr")), key("child_csr"), certificate("root"), Map.of()));
            assertTrue(unrooted.getMessage().contains("must start with a root"), unrooted.getMessage());
        }
    }
}
