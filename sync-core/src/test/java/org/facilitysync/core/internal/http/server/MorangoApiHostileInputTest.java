package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.facilitysync.api.facility.Authorization;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.CertificateWire;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.internal.trust.TrustVectors;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile and broken requests over real HTTP: each gets a 4xx with {@code {"detail": ...}}, changes
 * nothing, and the server keeps serving.
 */
class MorangoApiHostileInputTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROOT = TrustVectors.certificate("root").id();
    private static final String CLIENT = TrustVectors.certificate("child_csr").id();
    private static final String PUSH_ID = "5a56c9df53bd4ee1bc3742fdb9b23ec9";
    private static final int LIMIT = 64 * 1024;

    private ApiTestServer start(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        ApiTestServer server = new ApiTestServer(new LocalNode("server", database, TestApp.PROFILE, TestApp.profile()), LIMIT);
        TrustVectors.scopeDefinitions().forEach(server.certificates.scopeDefinitions()::install);
        server.certificates.saveOwned(TrustVectors.owned("root"));
        server.certificates.saveOwned(TrustVectors.owned("child_subset"));
        return server;
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return MAPPER.readTree(response.body());
    }

    /** A 4xx with a JSON detail, never a stack trace. */
    private static String refused(HttpResponse<byte[]> response, int status) throws Exception {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), text);
        JsonNode body = MAPPER.readTree(text);
        assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), text);
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "no stack trace or exception names: " + text);
        return body.path("detail").asText();
    }

    private static String nonce(ApiTestServer server) throws Exception {
        HttpResponse<byte[]> response = server.send("POST", "/api/morango/v1/nonces/", null);
        assertEquals(201, response.statusCode());
        return json(response).path("id").asText();
    }

    private static ObjectNode syncSessionBody(String id, String nonce, RsaKey key, List<String> chainRoles) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("id", id);
        body.put("server_certificate_id", ROOT);
        body.put("client_certificate_id", CLIENT);
        body.put("profile", "facilitydata");
        body.put("certificate_chain", CertificateChainWire.chainString(chainRoles.stream().map(TrustVectors::certificate).toList()));
        body.put("connection_path", "http://127.0.0.1/");
        body.put("instance", "{\"id\": \"998b8f292cb67a7ee381b795aa4650b4\"}");
        body.put("nonce", nonce);
        body.put("client_ip", "127.0.0.1");
        body.put("server_ip", "127.0.0.1");
        body.put("signature", NonceHandshake.sign(key, nonce, id));
        return body;
    }

    private static RsaKey clientKey() {
        return RsaKey.fromPrivateKeyPem(TrustVectors.privateKeyPem("child_csr"));
    }

    private static String openSyncSession(ApiTestServer server) throws Exception {
        String id = newId();
        HttpResponse<byte[]> response = server.send("POST", "/api/morango/v1/syncsessions/",
                syncSessionBody(id, nonce(server), clientKey(), List.of("root", "child_csr")).toString());
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return id;
    }

    /** A chain that verifies on its own: a made-up root and {@code length - 1} descendants, one key for all. */
    private static List<Certificate> selfMadeChain(int length) {
        RsaKey key = RsaKey.generate();
        IssuedCertificate signer = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of(), key);
        List<Certificate> chain = new java.util.ArrayList<>(List.of(signer.certificate()));
        while (chain.size() < length) {
            Certificate child = CertificateIssuer.child(signer, signer.certificate().profile(),
                    FacilityScopes.FULL_FACILITY.id(), FacilityScopes.FULL_FACILITY.version(),
                    signer.certificate().scopeParams(), key.publicKeyString(), CertificateIssuer.newSalt());
            chain.add(child);
            signer = new IssuedCertificate(child, key);
        }
        return chain;
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static long count(Database database, String sql) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(sql); ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void brokenBodiesAreRefused(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            String path = "/api/morango/v1/syncsessions/";
            assertTrue(refused(server.send("POST", path, "{\"id\": "), 400).startsWith("JSON parse error"));
            refused(server.send("POST", path, "[1, 2]"), 400);
            refused(server.send("POST", path, Map.of("Content-Type", "text/plain"), "{}".getBytes()), 415);
            refused(server.send("POST", path, Map.of("Content-Type", "application/json"), new byte[LIMIT + 1]), 413);
            refused(server.send("POST", "/api/morango/v1/buffers/", Map.of("Content-Type", "application/gzip"),
                    "not gzip".getBytes()), 400);
            byte[] bomb = gzip(new byte[LIMIT * 4]);
            assertTrue(bomb.length < LIMIT);
            refused(server.send("POST", "/api/morango/v1/buffers/", Map.of("Content-Type", "application/gzip"), bomb), 413);
            refused(server.send("POST", path, Map.of("Content-Type", "application/json"),
                    new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}), 400);
            assertEquals(0, count(server.node.database(), "SELECT COUNT(*) FROM morango_syncsession"));
            assertEquals(200, server.send("GET", "/api/morango/v1/morangoinfo/1/", null).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void unknownPathsMethodsAndIdsAreRefused(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            String unknown = newId();
            refused(server.send("GET", "/api/morango/v1/transfersessions/" + unknown + "/", null), 404);
            refused(server.send("PATCH", "/api/morango/v1/transfersessions/" + unknown + "/", "{\"transfer_stage\": \"queuing\"}"), 404);
            refused(server.send("DELETE", "/api/morango/v1/transfersessions/" + unknown + "/", null), 404);
            refused(server.send("GET", "/api/morango/v1/syncsessions/" + unknown + "/", null), 404);
            refused(server.send("DELETE", "/api/morango/v1/syncsessions/" + unknown + "/", null), 404);
            refused(server.send("GET", "/api/morango/v1/buffers/?limit=5&offset=0&transfer_session_id=" + unknown, null), 404);
            refused(server.send("GET", "/api/morango/v1/nosuchthing/", null), 404);
            refused(server.send("GET", "/api/morango/v1/morangoinfo/1", null), 404);
            HttpResponse<byte[]> put = server.send("PUT", "/api/morango/v1/transfersessions/" + unknown + "/", "{}");
            refused(put, 405);
            assertEquals("GET, PATCH, DELETE", put.headers().firstValue("Allow").orElseThrow());
            assertEquals("certificate pushing is not supported by this node",
                    refused(server.send("POST", "/api/morango/v1/certificatechain/", "\"[]\""), 403));
            refused(server.send("GET", "/api/morango/v1/publickey/", null), 403);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void handshakesThatDoNotProveTheCertificateAreRefused(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            Database database = server.node.database();
            String path = "/api/morango/v1/syncsessions/";
            String nonce = nonce(server);
            // chain that reaches no root
            assertTrue(refused(server.send("POST", path, syncSessionBody(newId(), nonce, clientKey(), List.of("child_csr"))
                    .toString()), 403).contains("root"));
            assertEquals(0, count(database, "SELECT COUNT(*) FROM morango_certificate WHERE id = '" + CLIENT + "'"),
                    "a refused chain stores nothing");
            // tampered signature: signed with another key (Morango keeps the verified chain; we store nothing)
            ObjectNode forged = syncSessionBody(newId(), nonce, RsaKey.fromPrivateKeyPem(TrustVectors.privateKeyPem("root")),
                    List.of("root", "child_csr"));
            assertTrue(refused(server.send("POST", path, forged.toString()), 403).contains("does not verify"));
            assertEquals(0, count(database, "SELECT COUNT(*) FROM morango_certificate WHERE id = '" + CLIENT + "'"),
                    "a handshake refused for its signature stores nothing");
            // unknown nonce
            assertTrue(refused(server.send("POST", path, syncSessionBody(newId(), newId(), clientKey(),
                    List.of("root", "child_csr")).toString()), 403).contains("unknown or was used"));
            assertEquals(0, count(database, "SELECT COUNT(*) FROM morango_certificate WHERE id = '" + CLIENT + "'"),
                    "a handshake refused for its nonce stores nothing");
            // a self-made chain of 20 certificates (300 would pass this test server's body limit) with a made-up nonce and signature
            long before = count(database, "SELECT COUNT(*) FROM morango_certificate");
            ObjectNode long300 = syncSessionBody(newId(), newId(), clientKey(), List.of("root", "child_csr"));
            List<Certificate> selfMade = selfMadeChain(20);
            long300.put("certificate_chain", CertificateChainWire.chainString(selfMade));
            long300.put("client_certificate_id", selfMade.get(selfMade.size() - 1).id());
            long300.put("signature", "bogus");
            assertTrue(refused(server.send("POST", path, long300.toString()), 403).contains("20 certificates"));
            assertEquals(before, count(database, "SELECT COUNT(*) FROM morango_certificate"));
            // expired nonce
            database.inTransaction(tx -> {
                try (PreparedStatement update = tx.prepare("UPDATE morango_nonce SET timestamp = ? WHERE id = ?")) {
                    tx.dialect().setInstant(update, 1, Instant.now().minusSeconds(120));
                    update.setString(2, nonce);
                    return update.executeUpdate();
                }
            });
            assertTrue(refused(server.send("POST", path, syncSessionBody(newId(), nonce, clientKey(),
                    List.of("root", "child_csr")).toString()), 403).contains("expired"));
            assertEquals(0, count(database, "SELECT COUNT(*) FROM morango_syncsession"));
            // a good handshake, then its nonce replayed
            String fresh = nonce(server);
            assertEquals(201, server.send("POST", path, syncSessionBody(newId(), fresh, clientKey(),
                    List.of("root", "child_csr")).toString()).statusCode());
            assertTrue(refused(server.send("POST", path, syncSessionBody(newId(), fresh, clientKey(),
                    List.of("root", "child_csr")).toString()), 403).contains("unknown or was used"));
            assertEquals(1, count(database, "SELECT COUNT(*) FROM morango_syncsession"));
            assertEquals(200, server.send("GET", "/api/morango/v1/morangoinfo/1/", null).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void transfersOutsideTheCertificatesScopesAreRefused(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            String syncSession = openSyncSession(server);
            String path = "/api/morango/v1/transfersessions/";
            // the client certificate (subset scope) may write ROOT:user only, not the whole of ROOT
            String detail = refused(server.send("POST", path, transferBody(newId(), ROOT, true, syncSession)), 403);
            assertTrue(detail.contains("Client certificate scope"), detail);
            detail = refused(server.send("POST", path, transferBody(newId(), "somewhere-else", false, syncSession)), 403);
            assertTrue(detail.contains("Server certificate scope"), detail);
            assertEquals(0, count(server.node.database(), "SELECT COUNT(*) FROM morango_transfersession"));
            // an inactive sync session
            assertEquals(204, server.send("DELETE", "/api/morango/v1/syncsessions/" + syncSession + "/", null).statusCode());
            refused(server.send("POST", path, transferBody(newId(), ROOT + ":user", true, syncSession)), 400);
            refused(server.send("GET", "/api/morango/v1/syncsessions/" + syncSession + "/", null), 404);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aPushedChunkWithOneBadRecordIsRefusedWhole(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            Database database = server.node.database();
            String syncSession = openSyncSession(server);
            assertEquals(201, server.send("POST", "/api/morango/v1/transfersessions/",
                    transferBody(PUSH_ID, ROOT + ":user", true, syncSession)).statusCode());
            assertEquals(200, server.send("PATCH", "/api/morango/v1/transfersessions/" + PUSH_ID + "/",
                    "{\"records_total\": 15, \"transfer_stage\": \"queuing\"}").statusCode());
            ArrayNode chunk = (ArrayNode) MAPPER.readTree(gunzip(firstPushedChunk()));

            ArrayNode outside = chunk.deepCopy();
            ((ObjectNode) outside.get(3)).put("partition", ROOT + ":other");
            String detail = refused(postChunk(server, outside), 400);
            assertTrue(detail.contains(outside.get(3).path("model_uuid").asText()) && detail.contains("filter"), detail);
            ArrayNode forgedId = chunk.deepCopy();
            ((ObjectNode) forgedId.get(0)).put("model_uuid", "0123456789abcdef0123456789abcdef");
            assertTrue(refused(postChunk(server, forgedId), 400).contains("recompute"));
            // the record's own model_uuid, partition and source id, but data that names another record's id
            ArrayNode otherId = chunk.deepCopy();
            ObjectNode named = (ObjectNode) MAPPER.readTree(otherId.get(4).path("serialized").asText());
            assertTrue(named.has("id"), named::toString);
            named.put("id", "0123456789abcdef0123456789abcdef");
            ((ObjectNode) otherId.get(4)).put("serialized", named.toString());
            detail = refused(postChunk(server, otherId), 400);
            assertTrue(detail.contains("serialized holds id '0123456789abcdef0123456789abcdef'"), detail);
            ArrayNode otherSession = chunk.deepCopy();
            ((ObjectNode) otherSession.get(1)).put("transfer_session", newId());
            refused(postChunk(server, otherSession), 403);
            ArrayNode malformed = chunk.deepCopy();
            ((ObjectNode) malformed.get(2)).remove("serialized");
            refused(postChunk(server, malformed), 400);
            assertEquals(0, count(database, "SELECT COUNT(*) FROM morango_buffer"), "nothing of a refused request is stored");
            assertEquals(0, count(database, "SELECT records_transferred FROM morango_transfersession WHERE id = '" + PUSH_ID + "'"));
            // a pull's buffers cannot be pushed to, nor a push's pages read
            refused(server.send("GET", "/api/morango/v1/buffers/?limit=5&offset=0&transfer_session_id=" + PUSH_ID, null), 403);

            assertEquals(201, postChunk(server, chunk).statusCode());
            assertEquals(chunk.size(), count(database, "SELECT COUNT(*) FROM morango_buffer"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void signingRequestsNeedAnAuthorizerAndCredentials(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            JsonNode csr = MorangoVectors.loadLines("transcript-pull.jsonl").get(3);
            byte[] body = csr.path("request_body_text").asText().getBytes(StandardCharsets.UTF_8);
            String path = "/api/morango/v1/certificates/";
            String bob = "Basic " + Base64.getEncoder().encodeToString("bob:password".getBytes());
            refused(server.send("POST", path, Map.of("Content-Type", "application/json", "Authorization", bob), body), 403);
            server.grantBob("facilitydata");
            HttpResponse<byte[]> anonymous = server.send("POST", path, Map.of("Content-Type", "application/json"), body);
            refused(anonymous, 401);
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isPresent());
            String wrong = "Basic " + Base64.getEncoder().encodeToString("bob:guess".getBytes());
            refused(server.send("POST", path, Map.of("Content-Type", "application/json", "Authorization", wrong), body), 401);
            server.authorizers.put("facilitydata", (u, p, a, s, params) -> Authorization.forbidden("bob is no admin"));
            assertEquals("bob is no admin", refused(server.send("POST", path,
                    Map.of("Content-Type", "application/json", "Authorization", bob), body), 403));
            assertEquals(2, count(server.node.database(), "SELECT COUNT(*) FROM morango_certificate"));
            server.grantBob("facilitydata");
            assertEquals(201, server.send("POST", path, Map.of("Content-Type", "application/json", "Authorization", bob),
                    body).statusCode());
            assertEquals(3, count(server.node.database(), "SELECT COUNT(*) FROM morango_certificate"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void badFieldsOfATransferSessionUpdateAreRefused(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            String syncSession = openSyncSession(server);
            assertEquals(201, server.send("POST", "/api/morango/v1/transfersessions/",
                    transferBody(PUSH_ID, ROOT + ":user", true, syncSession)).statusCode());
            String path = "/api/morango/v1/transfersessions/" + PUSH_ID + "/";
            assertTrue(refused(server.send("PATCH", path, "{\"transfer_stage\": \"flying\"}"), 400).contains("flying"));
            assertTrue(refused(server.send("PATCH", path, "{\"records_total\": -3}"), 400).contains("records_total"));
            assertTrue(refused(server.send("PATCH", path, "{\"records_total\": \"many\"}"), 400).contains("records_total"));
            refused(server.send("POST", "/api/morango/v1/transfersessions/", "{\"id\": \"x\"}"), 400);
            JsonNode session = json(server.send("GET", path, null));
            assertEquals("initializing", session.path("transfer_stage").asText());
            assertTrue(session.path("records_total").isNull());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aClientFsicTheQueuingCouldNotReadIsRefusedWhereItArrives(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            Database database = server.node.database();
            String syncSession = openSyncSession(server);
            Map<String, String> v2 = Map.of("Content-Type", "application/json", "X-Morango-Capabilities",
                    "FSIC_V2_FORMAT GZIP_BUFFER_POST");
            String create = "/api/morango/v1/transfersessions/";
            ObjectNode withFsic = (ObjectNode) MAPPER.readTree(transferBody(PUSH_ID, ROOT + ":user", true, syncSession));
            withFsic.put("client_fsic", "{\"super\": {}}");
            String detail = refused(server.send("POST", create, v2, withFsic.toString().getBytes(StandardCharsets.UTF_8)),
                    400);
            assertTrue(detail.contains("client_fsic") && detail.contains("sub"), detail);
            assertEquals(0, count(database, "SELECT COUNT(*) FROM morango_transfersession"), "nothing stored");

            assertEquals(201, server.send("POST", create, v2, transferBody(PUSH_ID, ROOT + ":user", true, syncSession)
                    .getBytes(StandardCharsets.UTF_8)).statusCode());
            String path = create + PUSH_ID + "/";
            for (String fsic : List.of("{}", "[]", "not json", "{\"super\": {}, \"sub\": {\"p\": {\"i\": \"x\"}}}")) {
                ObjectNode patch = MAPPER.createObjectNode().put("client_fsic", fsic).put("transfer_stage", "queuing");
                detail = refused(server.send("PATCH", path, v2, patch.toString().getBytes(StandardCharsets.UTF_8)), 400);
                assertTrue(detail.contains("client_fsic is not a v2 FSIC"), fsic + ": " + detail);
            }
            JsonNode session = json(server.send("GET", path, null));
            assertEquals("initializing", session.path("transfer_stage").asText(), session::toString);
            assertTrue(session.path("client_fsic").isNull() || "{}".equals(session.path("client_fsic").asText()),
                    session::toString);
            ObjectNode good = MAPPER.createObjectNode().put("client_fsic", "{\"super\": {}, \"sub\": {}}");
            assertEquals(200, server.send("PATCH", path, v2, good.toString().getBytes(StandardCharsets.UTF_8))
                    .statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailureInsideTheServerIsA500WithoutStackTrace(DatabaseKind kind) throws Exception {
        try (ApiTestServer server = start(kind)) {
            server.node.database().close();
            HttpResponse<byte[]> response = server.send("GET", "/api/morango/v1/transfersessions/" + newId() + "/", null);
            String text = new String(response.body(), StandardCharsets.UTF_8);
            assertEquals(500, response.statusCode(), text);
            assertTrue(json(response).path("detail").asText().startsWith("internal server error"), text);
            assertFalse(text.contains("\tat ") || text.contains("org.facilitysync"), text);
        }
    }

    private static String transferBody(String id, String filter, boolean push, String syncSession) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("id", id);
        body.put("filter", filter);
        body.put("push", push);
        body.put("sync_session_id", syncSession);
        body.put("client_fsic", "{}");
        return body.toString();
    }

    private static HttpResponse<byte[]> postChunk(ApiTestServer server, JsonNode chunk) throws Exception {
        return server.send("POST", "/api/morango/v1/buffers/", Map.of("content-type", "application/gzip"),
                gzip(MAPPER.writeValueAsBytes(chunk)));
    }

    private static byte[] firstPushedChunk() {
        for (JsonNode exchange : MorangoVectors.loadLines("transcript-push.jsonl")) {
            if (exchange.path("path").asText().endsWith("/buffers/")) {
                return Base64.getDecoder().decode(exchange.path("request_body_info").path("gzip_base64").asText());
            }
        }
        throw new AssertionError("no buffer POST in the push transcript");
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
