package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.model.ModelCatalog;
import org.facilitysync.core.internal.model.MorangoState;
import org.facilitysync.core.internal.model.TestApp;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.trust.TrustVectors;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays the requests a real Morango 0.8.2 client sent ({@code transcript-pull.jsonl},
 * {@code transcript-push.jsonl}) against our server over real HTTP, the server holding the recorded
 * certificates (with private keys) and the recorded database state of the Morango server. The nonce is
 * ours, so the client's handshake signature is re-made with the client's key from the vectors.
 *
 * <p>Compared for every request: the status, the JSON shape (same keys in the same order; for lists
 * and buffer pages, each element's keys), and the values that do not depend on who ran the server:
 * everything except timestamps, nonce ids, signatures, instance JSON, FSIC texts (our node has its own
 * instance id, so its counters and FSICs name it) and the CSR's salt-derived id. Buffer pages are
 * compared by {@code count}, {@code next}/{@code previous} links (port substituted) and, over all
 * pages, the set of model uuids sent.
 */
class MorangoTranscriptReplayTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> VOLATILE = Set.of("start_timestamp", "last_activity_timestamp", "timestamp",
            "signature", "server_instance", "server_fsic", "instance_hash", "instance_id", "system_os", "bytes_sent",
            "bytes_received");
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "host", "expect",
            "upgrade");

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void thePullTranscriptReplays(DatabaseKind kind) throws Exception {
        replay(kind, "transcript-pull.jsonl", "state-initial.json");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void thePushTranscriptReplays(DatabaseKind kind) throws Exception {
        replay(kind, "transcript-push.jsonl", "state-before-push.json");
    }

    private void replay(DatabaseKind kind, String transcript, String state) throws Exception {
        Database database = databases.migrated(kind);
        ModelCatalog catalog = TestApp.catalog(database);
        MorangoState.loadNode(database, MorangoVectors.load(state).get("server"), catalog.profile(TestApp.PROFILE));
        try (ApiTestServer server = new ApiTestServer(new LocalNode("server", database, TestApp.PROFILE, TestApp.profile()),
                MorangoApiServlet.DEFAULT_MAX_BODY_BYTES)) {
            TrustVectors.scopeDefinitions().forEach(server.certificates.scopeDefinitions()::install);
            server.certificates.saveOwned(TrustVectors.owned("root"));
            server.certificates.saveOwned(TrustVectors.owned("child_subset"));
            server.grantBob("facilitydata");
            RsaKey clientKey = RsaKey.fromPrivateKeyPem(TrustVectors.privateKeyPem("child_csr"));
            String recordedBase = null;
            String nonce = null;
            Set<String> recordedUuids = new TreeSet<>();
            Set<String> servedUuids = new TreeSet<>();

            for (JsonNode exchange : MorangoVectors.loadLines(transcript)) {
                String where = transcript + " seq " + exchange.path("seq").asInt() + " " + exchange.path("method").asText()
                        + " " + exchange.path("path").asText();
                String method = exchange.path("method").asText();
                String path = exchange.path("path").asText();
                Map<String, String> headers = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = exchange.path("request_headers").fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> h = fields.next();
                    if (!RESTRICTED_HEADERS.contains(h.getKey().toLowerCase())) {
                        headers.put(h.getKey(), h.getValue().asText());
                    }
                }
                byte[] body = requestBody(exchange);
                if (path.endsWith("/syncsessions/") && "POST".equals(method)) {
                    ObjectNode json = (ObjectNode) MAPPER.readTree(body);
                    json.put("nonce", nonce);
                    json.put("signature", NonceHandshake.sign(clientKey, nonce, json.get("id").asText()));
                    body = MAPPER.writeValueAsBytes(json);
                }

                HttpResponse<byte[]> response = server.send(method, path, headers, body);

                assertEquals(exchange.path("status").asInt(), response.statusCode(),
                        where + ": " + new String(response.body(), StandardCharsets.UTF_8));
                JsonNode expected = exchange.path("response_body");
                if (expected.isNull() || expected.isMissingNode()) {
                    assertEquals(0, response.body().length, where + ": no body");
                    continue;
                }
                JsonNode actual = MAPPER.readTree(decoded(response));
                if (path.contains("/buffers/")) {
                    if ("GET".equals(method)) {
                        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""),
                                where + ": pages are gzipped for a client that accepts gzip");
                    }
                    if (recordedBase == null) {
                        String next = expected.path("next").asText();
                        recordedBase = next.substring(0, next.indexOf("/api/"));
                    }
                    assertEquals(expected.path("count").asLong(), actual.path("count").asLong(), where + " count");
                    assertEquals(link(expected.path("previous"), recordedBase, server.baseUrl), text(actual.path("previous")), where);
                    assertEquals(link(expected.path("next"), recordedBase, server.baseUrl), text(actual.path("next")), where);
                    assertEquals(keys(expected), keys(actual), where + " page keys");
                    for (JsonNode r : expected.path("results")) {
                        recordedUuids.add(r.path("model_uuid").asText());
                    }
                    for (JsonNode r : actual.path("results")) {
                        assertEquals(keys(expected.path("results").get(0)), keys(r), where + " record keys");
                        servedUuids.add(r.path("model_uuid").asText());
                    }
                    continue;
                }
                compare(expected, actual, where, (path.endsWith("/certificates/") && "POST".equals(method)) || path.endsWith("/nonces/"));
                if (path.endsWith("/nonces/")) {
                    nonce = actual.path("id").asText();
                    assertEquals(32, nonce.length());
                }
                if (path.endsWith("/syncsessions/") && "POST".equals(method)) {
                    String sessionId = MAPPER.readTree(body).path("id").asText();
                    Certificate root = TrustVectors.certificate("root");
                    assertTrue(NonceHandshake.verify(root, nonce, sessionId, actual.path("signature").asText()),
                            where + ": the server signs the handshake with its certificate");
                    JsonNode instance = MAPPER.readTree(actual.path("server_instance").asText());
                    assertEquals(List.of("id", "platform", "hostname", "sysversion", "node_id", "database", "db_path",
                            "system_id"), keys(instance), where + " server_instance keys");
                }
                if (path.endsWith("/certificates/") && "POST".equals(method)) {
                    Certificate issued = CertificateSerialization.fromSerialized(actual.path("serialized").asText(),
                            actual.path("signature").asText());
                    assertEquals(actual.path("id").asText(), issued.id());
                    assertNotEquals(expected.path("id").asText(), issued.id(), "our salt is our own");
                    assertTrue(TrustVectors.certificate("root").publicKey().verify(issued.serialized(), issued.signature()));
                }
            }
            assertEquals(recordedUuids, servedUuids, "the records served over all pages");
        }
    }

    private static byte[] requestBody(JsonNode exchange) {
        JsonNode info = exchange.path("request_body_info");
        if (info.isTextual() && "empty".equals(info.asText())) {
            return null;
        }
        if ("gzip".equals(info.path("wire").asText())) {
            return Base64.getDecoder().decode(info.path("gzip_base64").asText());
        }
        return exchange.path("request_body_text").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decoded(HttpResponse<byte[]> response) throws IOException {
        if (response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                return in.readAllBytes();
            }
        }
        return response.body();
    }

    private static void compare(JsonNode expected, JsonNode actual, String where, boolean csr) {
        if (expected.isArray()) {
            assertTrue(actual.isArray(), where + ": a list");
            assertEquals(expected.size(), actual.size(), where + ": list size " + actual);
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), where + " [" + i + "]", csr);
            }
            return;
        }
        assertEquals(keys(expected), keys(actual), where + ": keys");
        Iterator<String> names = expected.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (VOLATILE.contains(name) || (csr && Set.of("id", "serialized", "salt", "ip").contains(name))) {
                continue;
            }
            if ("records_total".equals(name) && expected.get(name).isNull()) {
                assertNull(text(actual.get(name)), where + " records_total");
                continue;
            }
            assertEquals(expected.get(name), actual.get(name), where + ": " + name);
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String link(JsonNode recorded, String recordedBase, String ourBase) {
        return recorded.isNull() ? null : recorded.asText().replace(recordedBase, ourBase);
    }

}
