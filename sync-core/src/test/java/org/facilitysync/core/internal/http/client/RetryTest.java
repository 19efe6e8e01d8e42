package org.facilitysync.core.internal.http.client;

import org.facilitysync.core.internal.wire.MorangoInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.RecordMaxCounterBufferEntry;
import org.junit.jupiter.api.Test;

/**
 * Failures over real HTTP on 127.0.0.1: what is retried (and succeeds), what is not, and that a peer that
 * never recovers gives a readable error within the deadline.
 */
class RetryTest {

    private static final String INFO = "{\"instance_hash\": \"gizan-nomul\", \"instance_id\": "
            + "\"37c99a37812dce52fea1dc812985126d\", \"system_os\": \"Linux\", \"version\": \"0.8.2\", "
            + "\"capabilities\": [\"ASYNC_OPERATIONS\", \"FSIC_V2_FORMAT\", \"GZIP_BUFFER_POST\"]}";

    /** Fast retries for tests: 20 ms doubling to 200 ms, within 3 s. */
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 10,
            Duration.ofSeconds(3), Duration.ofSeconds(2));

    private static MorangoHttpClient client(String baseUrl, RetryPolicy policy) {
        return MorangoHttpClient.builder(baseUrl).retryPolicy(policy).build();
    }

    @Test
    void serviceUnavailableIsRetriedUntilItAnswers() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(r -> requests.incrementAndGet() <= 3
                ? ScriptedServer.Reply.json(503, "{\"detail\": \"busy\"}") : ScriptedServer.Reply.json(200, INFO))) {
            MorangoInfo info = client(server.baseUrl(), QUICK).morangoinfo();
            assertEquals("37c99a37812dce52fea1dc812985126d", info.instanceId());
            assertEquals(4, requests.get());
        }
    }

    @Test
    void droppedConnectionsAreRetriedUntilItAnswers() throws Exception {
        try (DroppingServer server = new DroppingServer(2, INFO)) {
            MorangoInfo info = client(server.baseUrl(), QUICK).morangoinfo();
            assertEquals("37c99a37812dce52fea1dc812985126d", info.instanceId());
            assertEquals(3, server.connections());
        }
    }

    @Test
    void aPeerThatAlwaysFailsGivesAReadableErrorWithinTheDeadline() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 1000,
                Duration.ofSeconds(2), Duration.ofSeconds(1));
        try (ScriptedServer server = new ScriptedServer(r -> {
            requests.incrementAndGet();
            return ScriptedServer.Reply.json(503, "{\"detail\": \"the hub is restarting\"}");
        })) {
            long start = System.nanoTime();
            MorangoHttpException e = assertThrows(MorangoHttpException.class,
                    () -> client(server.baseUrl(), policy).morangoinfo());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis < 3000, "gave up after " + elapsedMillis + " ms, deadline 2000 ms");
            assertEquals(503, e.status());
            assertEquals("the hub is restarting", e.serverMessage());
            assertTrue(e.getMessage().contains("GET " + server.baseUrl() + "api/morango/v1/morangoinfo/1/"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 503: the hub is restarting"), e.getMessage());
            assertTrue(e.getMessage().contains(requests.get() + " attempts"), e.getMessage());
            assertTrue(e.getMessage().contains("deadline"), e.getMessage());
            assertTrue(requests.get() > 2, "retried: " + requests.get());
        }
    }

    @Test
    void aPeerThatIsNotThereGivesAReadableErrorWithinTheDeadline() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        MorangoHttpException e = assertThrows(MorangoHttpException.class,
                () -> client("http://127.0.0.1:" + port + "/", QUICK).morangoinfo());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 4000);
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("nothing accepts connections at 127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains(CallAttempts.REFUSED_ATTEMPTS + " attempts"), e.getMessage());
    }

    @Test
    void aHubThatIsGoneIsReportedInAboutASecondWithTheDefaultRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        MorangoHttpException e = assertThrows(MorangoHttpException.class,
                () -> client("http://127.0.0.1:" + port + "/", RetryPolicy.defaults()).morangoinfo());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("a refused hub was reported after " + millis + " ms: " + e.getMessage());
        assertTrue(e.getMessage().contains("nothing accepts connections"), e.getMessage());
        assertTrue(e.getMessage().contains("3 attempts"), "not the whole budget of 8: " + e.getMessage());
    }

    @Test
    void aRefusalIsNotRetriedAndItsMessageReachesTheCaller() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(r -> {
            requests.incrementAndGet();
            return ScriptedServer.Reply.json(403, "{\"detail\": \"Client certificate scope does not permit pulling"
                    + " this filter\"}");
        })) {
            MorangoHttpException e = assertThrows(MorangoHttpException.class,
                    () -> client(server.baseUrl(), QUICK).transferSession("7676a85bfbc842ecb422c8d71e942f4b"));
            assertEquals(1, requests.get());
            assertEquals(403, e.status());
            assertTrue(e.isRefusal());
            assertEquals("Client certificate scope does not permit pulling this filter", e.serverMessage());
            assertTrue(e.getMessage().contains("refused by the peer: HTTP 403: Client certificate scope"), e.getMessage());
        }
    }

    @Test
    void aSigningRequestRefusalCarriesMorangosErrorMessage() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Reply.json(400,
                "{\"error_class\": \"CertificateScopeNotSubset\", \"error_message\": \"Scope is not a subset\"}"))) {
            MorangoHttpException e = assertThrows(MorangoHttpException.class,
                    () -> client(server.baseUrl(), QUICK).signingRequest("8792b19af51e86710beb3cf182bc5ac6",
                            "facilitydata", "subset_scope", 1, "{}", "MIIB", "bob", "wrong", null));
            assertEquals(400, e.status());
            assertEquals("CertificateScopeNotSubset: Scope is not a subset", e.serverMessage());
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void aBufferChunkIsNotSentTwiceAfterAServerError() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(r -> {
            if (r.method().equals("GET")) {
                return ScriptedServer.Reply.json(200, INFO);
            }
            posts.incrementAndGet();
            return ScriptedServer.Reply.json(500, "{\"detail\": \"database is locked\"}");
        })) {
            MorangoHttpClient client = client(server.baseUrl(), QUICK);
            MorangoHttpException e = assertThrows(MorangoHttpException.class, () -> client.sendBuffers(List.of(record())));
            assertEquals(1, posts.get(), "a chunk that may have arrived is not appended again");
            assertEquals(500, e.status());
            assertTrue(e.getMessage().contains("not retried"), e.getMessage());
            assertTrue(e.getMessage().contains("database is locked"), e.getMessage());
        }
    }

    @Test
    void aDeleteWhoseFirstAnswerWasLostCountsAsDone() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(r -> requests.incrementAndGet() == 1
                ? ScriptedServer.Reply.json(502, "{\"detail\": \"bad gateway\"}")
                : ScriptedServer.Reply.json(404, "{\"detail\": \"Not found.\"}"))) {
            client(server.baseUrl(), QUICK).closeSyncSession("3307ce87542f48ce8b17616f63771568");
            assertEquals(2, requests.get());
        }
    }

    @Test
    void aRedirectToAnotherHostIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> new ScriptedServer.Reply(302, new byte[0],
                java.util.Map.of("Location", "http://example.invalid/api/morango/v1/morangoinfo/1/")))) {
            MorangoHttpException e = assertThrows(MorangoHttpException.class,
                    () -> client(server.baseUrl(), QUICK).morangoinfo());
            assertTrue(e.getMessage().contains("redirects to another host"), e.getMessage());
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void aRedirectWithinThePeerIsFollowed() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> r.pathAndQuery().startsWith("/api/")
                ? new ScriptedServer.Reply(301, new byte[0], java.util.Map.of("Location", "/kolibri/api/morango/v1/morangoinfo/1/"))
                : ScriptedServer.Reply.json(200, INFO))) {
            assertEquals("gizan-nomul", client(server.baseUrl(), QUICK).morangoinfo().instanceHash());
            assertEquals("/kolibri/api/morango/v1/morangoinfo/1/", server.received().get(1).pathAndQuery());
        }
    }

    @Test
    void badBaseUrlsAreRefusedWithTheirProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MorangoHttpClient.builder("ftp://hub/"))
                .getMessage().contains("http:// or https://"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MorangoHttpClient.builder(""))
                .getMessage().contains("missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MorangoHttpClient.builder("http://hub/?x=1"))
                .getMessage().contains("query"));
        assertEquals("http://hub:8080/kolibri/",
                MorangoHttpClient.builder("http://hub:8080/kolibri").build().baseUrl().toString());
    }

    private static BufferRecord record() {
        String ts = "5a56c9df53bd4ee1bc3742fdb9b23ec9";
        String uuid = "ddf18d9a4558cb648945a01830a8d136";
        return new BufferRecord("{}", false, "998b8f292cb67a7ee381b795aa4650b4", 3, false, "p", "s",
                "contentinteractionlog", "", uuid, ts, "facilitydata",
                List.of(new RecordMaxCounterBufferEntry(ts, uuid, "998b8f292cb67a7ee381b795aa4650b4", 3)), "");
    }
}
