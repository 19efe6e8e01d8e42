package org.facilitysync.core.internal.http.client;

import org.facilitysync.core.internal.wire.MorangoInfo;
import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.facilitysync.core.internal.vectors.MorangoVectors.loadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.BufferRecordParser;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Our client replays Morango 0.8.2's recorded pull and push against a real HTTP server on 127.0.0.1
 * that answers with the recorded responses in order; every request we send must be the recorded one:
 * method, path and query, the headers that matter, JSON body fields with their order and values, and
 * the body text's SHA-256 (gzip bodies: of the decompressed text, and the gzip bytes themselves).
 *
 * <p>Differences that cannot match are named: the recording's server port (in {@code next} links and the
 * syncsession {@code connection_path}) is rewritten to ours, and the informational byte counts of a
 * pull's transferring PATCH are our own accounting.
 */
class TranscriptReplayTest {

    private static final String RECORDED_HOST = "127.0.0.1:42549";

    @Test
    void pullSendsMorangosRequests() throws Exception {
        List<JsonNode> transcript = loadLines("transcript-pull.jsonl");
        try (ScriptedServer server = replaying(transcript)) {
            MorangoHttpClient client = MorangoHttpClient.builder(server.baseUrl()).build();
            JsonNode root = certificateVector("root");
            JsonNode csr = certificateVector("child_csr");
            String rootId = root.path("id").asText();

            MorangoInfo info = client.morangoinfo();
            assertEquals("37c99a37812dce52fea1dc812985126d", info.instanceId());
            assertEquals(Set.of("ASYNC_OPERATIONS", "FSIC_V2_FORMAT", "GZIP_BUFFER_POST"), info.capabilities());

            List<Certificate> offered = client.certificates(rootId);
            assertEquals(ids(transcript.get(1).path("response_body")), offered.stream().map(Certificate::id).toList());
            assertEquals(List.of(rootId), client.ancestors(rootId).stream().map(e -> e.id()).toList());
            assertEquals(List.of(rootId), offered.stream().filter(c -> c.scopeDefinitionId().equals("root_scope"))
                    .map(Certificate::id).toList());

            JsonNode csrBody = transcript.get(3).path("request_body");
            Certificate signed = client.signingRequest(rootId, "facilitydata", "subset_scope", 1,
                    csrBody.path("scope_params").asText(), csrBody.path("public_key").asText(), "bob", "password",
                    Map.of());
            assertEquals(csr.path("id").asText(), signed.id());
            assertEquals(csr.path("api_json").path("serialized").asText(), signed.serialized());

            JsonNode opening = transcript.get(5).path("request_body");
            HttpPeer peer = peer(client, List.of(certificate(root), signed), csr, certificate(root), opening);
            String syncSession = peer.syncSession("facilitydata", instance(opening).get("id").toString());
            assertEquals(opening.path("id").asText(), syncSession);
            assertTrue(peer.serverInstance().orElseThrow().contains("37c99a37812dce52fea1dc812985126d"));

            JsonNode created = transcript.get(6).path("request_body");
            String ts = created.path("id").asText();
            RemoteTransferSession remote = peer.createTransferSession(ts, syncSession,
                    SyncFilter.fromWire(created.path("filter").asText()), false);
            assertEquals(SyncStage.INITIALIZING, remote.stage());

            String clientFsic = transcript.get(8).path("request_body").path("client_fsic").asText();
            remote = peer.updateTransferSession(ts, new TransferSessionUpdate(SyncStage.SERIALIZING, clientFsic, null, null));
            assertTrue(remote.hasCompleted(SyncStage.SERIALIZING));
            assertEquals(transcript.get(8).path("response_body").path("server_fsic").asText(), remote.serverFsic());

            remote = peer.updateTransferSession(ts, TransferSessionUpdate.proceedTo(SyncStage.QUEUING));
            assertTrue(remote.hasCompleted(SyncStage.QUEUING));
            assertEquals(30, remote.recordsTotal());

            long offset = 0;
            List<BufferRecord> received = new ArrayList<>();
            while (offset < remote.recordsTotal()) {
                List<BufferRecord> chunk = peer.buffers(ts, offset, 7);
                received.addAll(chunk);
                offset += chunk.size();
                RemoteTransferSession progress = peer.updateTransferSession(ts,
                        new TransferSessionUpdate(SyncStage.TRANSFERRING, null, null, offset));
                assertEquals(offset, progress.recordsTransferred());
            }
            assertEquals(30, received.size());
            assertEquals(recordedPulledRecords(transcript), received, "records as parsed from the recorded pages");

            assertTrue(peer.updateTransferSession(ts, TransferSessionUpdate.proceedTo(SyncStage.DEQUEUING))
                    .hasCompleted(SyncStage.DEQUEUING));
            assertTrue(peer.updateTransferSession(ts, TransferSessionUpdate.proceedTo(SyncStage.DESERIALIZING))
                    .hasCompleted(SyncStage.DESERIALIZING));
            peer.deleteTransferSession(ts);
            peer.close();

            assertSameRequests(transcript, server);
            assertTrue(peer.bytesReceived() > 0 && peer.bytesSent() > 0);
        }
    }

    @Test
    void pushSendsMorangosRequests() throws Exception {
        List<JsonNode> transcript = loadLines("transcript-push.jsonl");
        try (ScriptedServer server = replaying(transcript)) {
            MorangoHttpClient client = MorangoHttpClient.builder(server.baseUrl()).build();
            JsonNode root = certificateVector("root");
            JsonNode csr = certificateVector("child_csr");
            String rootId = root.path("id").asText();

            assertEquals("37c99a37812dce52fea1dc812985126d", client.morangoinfo().instanceId());
            assertEquals(2, client.certificates(rootId).size());

            JsonNode opening = transcript.get(3).path("request_body");
            HttpPeer peer = peer(client, List.of(certificate(root), certificate(csr)), csr, certificate(root), opening);
            String syncSession = peer.syncSession("facilitydata", instance(opening).get("id").toString());
            assertEquals(opening.path("id").asText(), syncSession);

            JsonNode created = transcript.get(4).path("request_body");
            String ts = created.path("id").asText();
            peer.createTransferSession(ts, syncSession, SyncFilter.fromWire(created.path("filter").asText()), true);

            String clientFsic = transcript.get(6).path("request_body").path("client_fsic").asText();
            RemoteTransferSession remote = peer.updateTransferSession(ts,
                    new TransferSessionUpdate(SyncStage.SERIALIZING, clientFsic, null, null));
            assertEquals(TransferStatus.COMPLETED, remote.status());
            remote = peer.updateTransferSession(ts, new TransferSessionUpdate(SyncStage.QUEUING, null, 15L, null));
            assertTrue(remote.hasCompleted(SyncStage.QUEUING));

            for (JsonNode post : transcript.subList(9, 12)) {
                List<BufferRecord> chunk = new ArrayList<>();
                for (JsonNode record : elements(post.path("request_body"))) {
                    chunk.add(BufferRecordParser.parse(record));
                }
                peer.sendBuffers(ts, chunk);
            }

            assertTrue(peer.updateTransferSession(ts, TransferSessionUpdate.proceedTo(SyncStage.DEQUEUING))
                    .hasCompleted(SyncStage.DEQUEUING));
            assertTrue(peer.updateTransferSession(ts, TransferSessionUpdate.proceedTo(SyncStage.DESERIALIZING))
                    .hasCompleted(SyncStage.DESERIALIZING));
            peer.deleteTransferSession(ts);
            peer.close();

            assertSameRequests(transcript, server);
        }
    }

    // ------------------------------------------------------------------ the replaying server

    /**
     * A server answering each request with the next recorded response (the recorded JSON, its
     * server address rewritten to ours; buffer pages gzip-encoded when the client accepts gzip, which
     * exercises inflating). Requests beyond the transcript get a 599.
     */
    private static ScriptedServer replaying(List<JsonNode> transcript) throws Exception {
        AtomicInteger next = new AtomicInteger();
        int[] port = new int[1];
        ScriptedServer server = new ScriptedServer(request -> {
            int i = next.getAndIncrement();
            if (i >= transcript.size()) {
                return ScriptedServer.Reply.json(599, "{\"detail\": \"request beyond the transcript\"}");
            }
            JsonNode exchange = transcript.get(i);
            int status = exchange.path("status").asInt();
            JsonNode body = exchange.path("response_body");
            if (body.isNull() || body.isMissingNode()) {
                return ScriptedServer.Reply.empty(status);
            }
            String text = body.toString().replace(RECORDED_HOST, "127.0.0.1:" + port[0]);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")
                    && String.valueOf(request.header("Accept-Encoding")).contains("gzip")) {
                return new ScriptedServer.Reply(status, gzip(bytes),
                        Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
            }
            return new ScriptedServer.Reply(status, bytes, Map.of("Content-Type", "application/json"));
        });
        port[0] = server.port();
        return server;
    }

    // ------------------------------------------------------------------ comparing requests

    private static void assertSameRequests(List<JsonNode> transcript, ScriptedServer server) throws Exception {
        List<ScriptedServer.Received> ours = server.received();
        List<String> ourLines = ours.stream().map(r -> r.method() + " " + r.pathAndQuery()).toList();
        List<String> recordedLines = transcript.stream()
                .map(e -> e.path("method").asText() + " " + e.path("path").asText()).toList();
        assertEquals(recordedLines, ourLines, "the sequence of requests");
        String ourHost = "127.0.0.1:" + server.port();
        for (int i = 0; i < transcript.size(); i++) {
            assertSameRequest(transcript.get(i), ours.get(i), ourHost);
        }
    }

    private static void assertSameRequest(JsonNode recorded, ScriptedServer.Received ours, String ourHost)
            throws Exception {
        String what = "request " + recorded.path("seq").asInt() + " (" + recorded.path("method").asText() + " "
                + recorded.path("path").asText() + ")";
        JsonNode headers = recorded.path("request_headers");
        assertEquals(words(headers.path("X-Morango-Capabilities").asText()),
                words(ours.header("X-Morango-Capabilities")), what + ": capabilities");
        assertNotNull(ours.header("User-Agent"), what + ": User-Agent");
        assertTrue(String.valueOf(ours.header("Accept-Encoding")).contains("gzip"), what + ": Accept-Encoding");
        Map<String, String> recordedHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.fields().forEachRemaining(f -> recordedHeaders.put(f.getKey(), f.getValue().asText()));
        assertEquals(recordedHeaders.get("Content-Type"), ours.header("Content-Type"), what + ": Content-Type");
        assertEquals(recordedHeaders.get("Authorization"), ours.header("Authorization"), what + ": Authorization");

        JsonNode info = recorded.path("request_body_info");
        if (info.isTextual() && info.asText().equals("empty")) {
            assertEquals(0, ours.body().length, what + ": no body");
            return;
        }
        boolean gzip = info.path("wire").asText().equals("gzip");
        byte[] text = gzip ? gunzip(ours.body()) : ours.body();
        if (gzip) {
            assertEquals(info.path("gzip_sha256").asText(), sha256(ours.body()), what + ": gzip bytes");
            assertEquals(info.path("bytes").asInt(), ours.body().length, what + ": gzip length");
        }
        String ourText = new String(text, StandardCharsets.UTF_8).replace(ourHost, RECORDED_HOST);
        JsonNode ourJson = MorangoVectors.mapper().readTree(ourText);
        JsonNode recordedJson = recorded.path("request_body");
        boolean transferReport = recordedJson.path("transfer_stage").asText().equals("transferring");
        if (recordedJson.isObject()) {
            assertEquals(fieldNames(recordedJson), fieldNames(ourJson), what + ": body fields in order");
        }
        if (transferReport) {
            // bytes_received / bytes_sent are each client's own informational accounting
            ObjectNode mine = ((ObjectNode) ourJson).deepCopy();
            ObjectNode theirs = ((ObjectNode) recordedJson).deepCopy();
            for (String field : List.of("bytes_received", "bytes_sent")) {
                assertTrue(mine.path(field).isIntegralNumber() && mine.path(field).asLong() > 0, what + ": " + field);
                mine.remove(field);
                theirs.remove(field);
            }
            assertEquals(theirs, mine, what + ": body");
            return;
        }
        assertEquals(recordedJson, ourJson, what + ": body");
        String expectedSha = info.path("text_sha256").asText();
        JsonNode exactText = recorded.path("request_body_text");
        if (exactText.isTextual() && !sha256(exactText.asText().getBytes(StandardCharsets.UTF_8)).equals(expectedSha)) {
            // The syncsession bodies: the recording scrubbed host details inside the informational
            // "instance" string (26 bytes shorter than Content-Length 4810) after hashing the wire text, so
            // only its request_body_text, consistent with the decoded body, can be matched.
            assertEquals(exactText.asText(), ourText, what + ": body text, byte for byte");
            return;
        }
        assertEquals(expectedSha, sha256(ourText.getBytes(StandardCharsets.UTF_8)), what + ": body text, byte for byte");
    }

    // ------------------------------------------------------------------ vectors

    private static JsonNode certificateVector(String role) {
        for (JsonNode certificate : elements(load("certificates.json").path("certificates"))) {
            if (certificate.path("role").asText().equals(role)) {
                return certificate;
            }
        }
        throw new AssertionError("no certificate with role " + role);
    }

    private static Certificate certificate(JsonNode vector) {
        JsonNode api = vector.path("api_json");
        return CertificateSerialization.fromSerialized(api.path("serialized").asText(), api.path("signature").asText());
    }

    /** The peer as the recording's client: its key, its instance row and the recorded sync session id. */
    private static HttpPeer peer(MorangoHttpClient client, List<Certificate> chain, JsonNode keyVector, Certificate server,
            JsonNode opening) throws Exception {
        RsaKey key = RsaKey.fromPrivateKeyPem(keyVector.path("private_key").asText());
        String id = opening.path("id").asText();
        return new HttpPeer(client, chain, key, server, instance(opening), () -> id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> instance(JsonNode opening) throws Exception {
        return MorangoVectors.mapper().readValue(opening.path("instance").asText(), LinkedHashMap.class);
    }

    private static List<BufferRecord> recordedPulledRecords(List<JsonNode> transcript) throws Exception {
        List<BufferRecord> records = new ArrayList<>();
        for (JsonNode exchange : transcript) {
            if (exchange.path("method").asText().equals("GET")
                    && exchange.path("path").asText().startsWith("/api/morango/v1/buffers/")) {
                for (JsonNode record : elements(exchange.path("response_body").path("results"))) {
                    records.add(BufferRecordParser.parse(record));
                }
            }
        }
        return records;
    }

    private static List<String> ids(JsonNode list) {
        return elements(list).stream().map(c -> c.path("id").asText()).toList();
    }

    private static Set<String> words(String text) {
        return new TreeSet<>(List.of(String.valueOf(text).trim().split("\\s+")));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] gunzip(byte[] bytes) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
