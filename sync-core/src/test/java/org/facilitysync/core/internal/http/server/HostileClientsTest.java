package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.internal.vectors.MorangoVectors;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that break HTTP itself, over raw sockets on loopback: malformed percent-escapes and chunk
 * sizes, bodies that stop half-way, and many slow connections at once. Each is answered with a 4xx and
 * a JSON detail (where the client still listens), logs no stack trace, and takes no thread from the
 * devices that sync meanwhile.
 */
class HostileClientsTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROFILE = FacilityDataGenerator.PROFILE;

    @Test
    void malformedRequestsAreRefusedWithAJsonDetailAndNoStackTrace() throws Exception {
        try (ApiTestServer hub = new ApiTestServer(node("hub"))) {
            String base = hub.baseUrl();
            String log = RawHttp.stderrOf(() -> {
                assertDetail(RawHttp.exchange(base, get("/api/morango/v1/buffers/?limit=%zz&transfer_session_id=a")), 400,
                        "percent-encoded");
                assertDetail(RawHttp.exchange(base, get("/api/morango/v1/buffers/?transfer_session_id=%E0%A4%A")), 400,
                        "percent-encoded");
                String csr = MorangoVectors.loadLines("transcript-pull.jsonl").get(3).path("request_body_text").asText();
                String user = Base64.getEncoder().encodeToString("username=%zz&facility=x:secret".getBytes(StandardCharsets.UTF_8));
                assertDetail(RawHttp.exchange(base, post("/api/morango/v1/certificates/", "Authorization: Basic " + user,
                        csr)), 401, "percent-encoded");
                assertDetail(RawHttp.exchange(base, "POST /api/morango/v1/syncsessions/ HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "zz\r\n{}\r\n0\r\n\r\n"), 400, "malformed");
                // a body that stops half-way: the client goes, the server notes it in one line at most
                try (Socket socket = RawHttp.connect(base, "127.0.0.1")) {
                    socket.getOutputStream().write(("POST /api/morango/v1/buffers/ HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"model_uu")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    Thread.sleep(200);
                }
                Thread.sleep(500);
            });
            assertFalse(log.contains("\tat "), "no stack trace in the log:\n" + log);
            assertEquals(0L, (long) hub.node.database().read(tx -> {
                try (var query = tx.prepare("SELECT COUNT(*) FROM morango_certificate"); var rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }));
            assertEquals(200, hub.send("GET", "/api/morango/v1/morangoinfo/1/", null).statusCode());
        }
    }

    @Test
    void twoHundredSlowConnectionsDoNotStopADeviceFromSyncing() throws Exception {
        try (ApiTestServer hub = new ApiTestServer(node("hub")); LocalNode device = node("device")) {
            IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
            hub.certificates().saveOwned(root);
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(300), 7)
                    .withDatasetId(root.certificate().id());
            facility.records().forEach(record -> record.createIn(hub.node.records()));
            List<Socket> slow = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> slowClients = new ArrayList<>();
            String log = RawHttp.stderrOf(() -> {
                try {
                    // 200 chunked bodies that never end, from four addresses (the per-address limit is 64)
                    for (int i = 0; i < 200; i++) {
                        Socket socket = RawHttp.connect(hub.baseUrl(), "127.0.0." + (2 + i % 4));
                        OutputStream out = socket.getOutputStream();
                        out.write(("POST /api/morango/v1/buffers/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        slow.add(socket);
                    }
                    // and each sends a byte now and then, so that no idle timeout ends them
                    Thread trickle = new Thread(() -> {
                        byte[] blank = "1\r\n \r\n".getBytes(StandardCharsets.ISO_8859_1);
                        while (!Thread.currentThread().isInterrupted()) {
                            for (Socket socket : slow) {
                                try {
                                    socket.getOutputStream().write(blank);
                                } catch (java.io.IOException closed) {
                                    // refused or ended by the server
                                }
                            }
                            try {
                                Thread.sleep(2_000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "slow-clients");
                    trickle.setDaemon(true);
                    trickle.start();
                    slowClients.add(trickle);
                    Thread.sleep(500);
                    long asked = System.nanoTime();
                    HttpResponse<byte[]> info = hub.send("GET", "/api/morango/v1/morangoinfo/1/", null);
                    assertEquals(200, info.statusCode());
                    System.out.printf("morangoinfo answered in %d ms with 200 slow connections open%n",
                            (System.nanoTime() - asked) / 1_000_000);

                    HttpPeer peer = hub.devicePeer(root);
                    TransferResult pull = device.syncService().pull(peer, SyncFilter.of(facility.datasetId()),
                            SyncOptions.defaults().withChunkSize(100).withTimeout(Duration.ofSeconds(60)));
                    assertTrue(pull.succeeded(), () -> "pull failed: " + pull);
                    assertEquals(facility.recordCount(), pull.recordsTransferred());
                    peer.close();
                    assertEquals(200, hub.send("GET", "/api/morango/v1/morangoinfo/1/", null).statusCode());

                    // a 65th request in progress from one address is refused at once
                    List<Socket> flood = new ArrayList<>();
                    try {
                        for (int i = 0; i < 64; i++) {
                            Socket socket = RawHttp.connect(hub.baseUrl(), "127.0.0.9");
                            socket.getOutputStream().write(("POST /api/morango/v1/buffers/ HTTP/1.1\r\nHost: x\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 10\r\n\r\n[")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            flood.add(socket);
                        }
                        Thread.sleep(300);
                        try (Socket extra = RawHttp.connect(hub.baseUrl(), "127.0.0.9")) {
                            extra.setSoTimeout(10_000);
                            extra.getOutputStream().write(get("/api/morango/v1/morangoinfo/1/").getBytes(StandardCharsets.ISO_8859_1));
                            assertDetail(RawHttp.read(extra.getInputStream()), 429, "at most 64");
                        }
                    } finally {
                        for (Socket socket : flood) {
                            socket.close();
                        }
                    }
                } finally {
                    slowClients.forEach(Thread::interrupt);
                    for (Socket socket : slow) {
                        socket.close();
                    }
                }
                Thread.sleep(1_000);
            });
            assertFalse(log.contains("\tat "), "no stack trace in the log when the slow clients go:\n" + log);
            assertEquals(200, hub.send("GET", "/api/morango/v1/morangoinfo/1/", null).statusCode());
        }
    }

    @Test
    void aBodyThatComesTooSlowlyIsRefusedWith408() throws Exception {
        try (ApiTestServer hub = new ApiTestServer(node("hub"), new RequestLimits(1024 * 1024, Duration.ofSeconds(1),
                1024, 8))) {
            try (Socket socket = RawHttp.connect(hub.baseUrl(), "127.0.0.1")) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /api/morango/v1/buffers/ HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n[").getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
                assertDetail(answer, 408, "did not arrive in time");
                assertEquals("close", answer.header("Connection"));
            }
        }
    }

    @Test
    void deletingAnUnfinishedPullClosesItAndDropsItsBuffers() throws Exception {
        try (ApiTestServer hub = new ApiTestServer(node("hub"))) {
            IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
            hub.certificates().saveOwned(root);
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(300), 11)
                    .withDatasetId(root.certificate().id());
            facility.records().forEach(record -> record.createIn(hub.node.records()));
            HttpPeer peer = hub.devicePeer(root);
            String syncSession = peer.syncSession(PROFILE, "0123456789abcdef0123456789abcdef");
            String id = java.util.UUID.randomUUID().toString().replace("-", "");
            peer.createTransferSession(id, syncSession, SyncFilter.of(facility.datasetId()), false);
            peer.updateTransferSession(id, new TransferSessionUpdate(SyncStage.SERIALIZING,
                    "{\"super\": {}, \"sub\": {}}", null, null));
            peer.updateTransferSession(id, TransferSessionUpdate.proceedTo(SyncStage.TRANSFERRING));
            assertEquals(100, peer.buffers(id, 0, 100).size());
            assertTrue(count(hub, "SELECT COUNT(*) FROM morango_buffer WHERE transfer_session_id = '" + id + "'") > 100);

            peer.deleteTransferSession(id);

            assertEquals(0, count(hub, "SELECT COUNT(*) FROM morango_transfersession WHERE active = "
                    + trueLiteral() + " AND id = '" + id + "'"), "the transfer session is closed");
            assertEquals(0, count(hub, "SELECT COUNT(*) FROM morango_buffer WHERE transfer_session_id = '" + id + "'"));
            assertEquals(0, count(hub, "SELECT COUNT(*) FROM morango_recordmaxcounterbuffer WHERE transfer_session_id = '"
                    + id + "'"));
            // again: nothing left to close, and nothing changes
            assertEquals(404, hub.send("DELETE", "/api/morango/v1/transfersessions/" + id + "/", null).statusCode());
            assertEquals(1, count(hub, "SELECT COUNT(*) FROM morango_transfersession WHERE id = '" + id + "'"));
            peer.close();
        }
    }

    private static String trueLiteral() {
        return "1"; // SQLite's boolean
    }

    private static long count(ApiTestServer hub, String sql) {
        return hub.node.database().read(tx -> {
            try (var query = tx.prepare(sql); var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static void assertDetail(RawHttp.Answer answer, int status, String words) throws Exception {
        assertEquals(status, answer.status(), answer.head() + "\n\n" + answer.body());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"), answer.head());
        JsonNode body = MAPPER.readTree(answer.body());
        assertTrue(body.path("detail").asText().contains(words), answer.body());
        assertFalse(answer.body().contains("Exception") || answer.body().contains("\tat "), answer.body());
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    private static String post(String path, String header, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + header + "\r\nContent-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
    }

    private static LocalNode node(String name) {
        return new LocalNode(name, databases.migrated(DatabaseKind.SQLITE), PROFILE, new FacilityDataProfile());
    }

}
