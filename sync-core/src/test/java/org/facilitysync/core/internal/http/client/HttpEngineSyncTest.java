package org.facilitysync.core.internal.http.client;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The engine drives {@link HttpPeer} through a whole pull and push over real HTTP on 127.0.0.1, against
 * a hub node behind {@link TestMorangoEndpoints} (a test-only stand-in for the real server): the
 * client's calls, gzip posts, remote_proceed_to polling and handshake work with the engine's stage
 * operations, and both nodes end with the same data.
 */
class HttpEngineSyncTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(50).withTimeout(Duration.ofMinutes(2));

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pullAndPushOverHttp(DatabaseKind kind) throws Exception {
        try (LocalNode hub = node("hub", kind); LocalNode device = node("device", kind);
                ScriptedServer http = new ScriptedServer(new TestMorangoEndpoints(hub.server(),
                        hub.engine().instanceId(), key("root"))::answer)) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(400), 5);
            facility.records().forEach(record -> record.createIn(hub.records()));
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            MorangoHttpClient client = MorangoHttpClient.builder(http.baseUrl()).build();
            HttpPeer peer = new HttpPeer(client, List.of(certificate("root"), certificate("child_csr")),
                    key("child_csr"), certificate("root"));
            peer.refuseSelf(device.engine().instanceId());

            TransferResult pull = device.syncService().pull(peer, filter, OPTIONS);
            assertTrue(pull.succeeded(), () -> "pull failed: " + pull);
            assertEquals(facility.recordCount(), pull.recordsTransferred());
            assertEquals(contents(hub), contents(device));

            List<SyncRecord> logs = first(device.records(), "contentsummarylog", 60);
            for (SyncRecord log : logs) {
                device.records().update(PROFILE, log.model(), log.id(), Map.of("progress", 0.25));
            }
            TransferResult push = device.syncService().push(peer, filter, OPTIONS);
            assertTrue(push.succeeded(), () -> "push failed: " + push);
            assertTrue(logs.size() > 50, "more than one chunk: " + logs.size());
            assertEquals(logs.size(), push.recordsTransferred());
            assertEquals(contents(hub), contents(device));

            long gzipPosts = http.received().stream().filter(r -> r.method().equals("POST")
                    && r.pathAndQuery().equals("/api/morango/v1/buffers/")
                    && "application/gzip".equals(r.header("Content-Type"))).count();
            assertEquals((logs.size() + 49) / 50, gzipPosts, "chunks of 50, gzipped");
            assertEquals(1, http.received().stream().filter(r -> r.pathAndQuery().equals("/api/morango/v1/nonces/"))
                    .count(), "one handshake serves both transfers");
            assertEquals(http.received().size(), client.requestTimes().count(), "every request timed once");
            assertTrue(client.requestTimes().longest().isPresent());
            peer.close();
            assertTrue(peer.bytesSent() > 0 && peer.bytesReceived() > 0);
        }
    }

    /**
     * The client makes the next chunk ready while the current one travels (pages fetched ahead on a pull,
     * bodies prepared ahead on a push): every page is still asked for once, in offset order, and a push at
     * another gzip level than Morango's 9 is valid gzip the hub takes.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void chunksMadeReadyAheadArriveOnceAndInOrder(DatabaseKind kind) throws Exception {
        try (LocalNode hub = node("hub", kind); LocalNode device = node("device", kind);
                ScriptedServer http = new ScriptedServer(new TestMorangoEndpoints(hub.server(),
                        hub.engine().instanceId(), key("root"))::answer)) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(400), 7);
            facility.records().forEach(record -> record.createIn(hub.records()));
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            HttpPeer peer = new HttpPeer(MorangoHttpClient.builder(http.baseUrl()).bufferGzipLevel(1).build(),
                    List.of(certificate("root"), certificate("child_csr")), key("child_csr"), certificate("root"));

            TransferResult pull = device.syncService().pull(peer, filter, OPTIONS);
            assertTrue(pull.succeeded(), () -> "pull failed: " + pull);
            List<String> pages = http.received().stream().map(ScriptedServer.Received::pathAndQuery)
                    .filter(path -> path.startsWith("/api/morango/v1/buffers/?")).toList();
            List<String> expected = new java.util.ArrayList<>();
            for (long offset = 0; offset < pull.recordsTransferred(); offset += 50) {
                expected.add("offset=" + offset);
            }
            assertEquals(expected, pages.stream().map(path -> path.replaceAll(".*(offset=\\d+).*", "$1")).toList(),
                    "each page asked for once, in offset order");

            List<SyncRecord> logs = first(device.records(), "contentsummarylog", 60);
            for (SyncRecord log : logs) {
                device.records().update(PROFILE, log.model(), log.id(), Map.of("progress", 0.5));
            }
            TransferResult push = device.syncService().push(peer, filter, OPTIONS);
            assertTrue(push.succeeded(), () -> "push failed: " + push);
            assertEquals(logs.size(), push.recordsTransferred());
            assertEquals(contents(hub), contents(device));
            List<byte[]> bodies = http.received().stream().filter(r -> r.method().equals("POST")
                    && r.pathAndQuery().equals("/api/morango/v1/buffers/")).map(ScriptedServer.Received::body).toList();
            assertTrue(logs.size() > 50, "more than one chunk: " + logs.size());
            assertEquals((logs.size() + 49) / 50, bodies.size(), "chunks of 50");
            for (byte[] body : bodies) {
                assertEquals(4, body[8], "gzip's extra flags say \"fastest\" for level 1");
            }
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aPullBrokenOffOverHttpResumesInItsSyncSession(DatabaseKind kind) throws Exception {
        java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean linkDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (LocalNode hub = node("hub", kind); LocalNode device = node("device", kind)) {
            TestMorangoEndpoints endpoints = new TestMorangoEndpoints(hub.server(), hub.engine().instanceId(), key("root"));
            try (ScriptedServer http = new ScriptedServer(r -> {
                if (r.pathAndQuery().startsWith("/api/morango/v1/buffers/") && pages.incrementAndGet() == 3
                        && linkDown.get()) {
                    return ScriptedServer.Reply.json(403, "{\"detail\": \"link down\"}");
                }
                return endpoints.answer(r);
            })) {
                FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(300), 9);
                facility.records().forEach(record -> record.createIn(hub.records()));
                SyncFilter filter = SyncFilter.of(facility.datasetId());

                TransferResult broken = device.syncService().pull(peer(http), filter, OPTIONS);
                assertEquals(org.facilitysync.api.TransferStatus.ERRORED, broken.status());
                assertTrue(broken.error().contains("HTTP 403: link down"), broken.error());

                linkDown.set(false);
                HttpPeer again = peer(http);
                again.resume(broken.syncSessionId());
                TransferResult resumed = device.syncService().resume(broken.transferSessionId(), again, OPTIONS);
                assertTrue(resumed.succeeded(), () -> "resume failed: " + resumed);
                assertEquals(facility.recordCount(), resumed.recordsTransferred());
                assertEquals(contents(hub), contents(device));
                again.close();
                assertTrue(assertThrowsPeer(() -> peer(http).resume(broken.syncSessionId()))
                        .contains("no active sync session"));
            }
        }
    }

    private static String assertThrowsPeer(org.junit.jupiter.api.function.Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(
                org.facilitysync.core.internal.engine.PeerException.class, call).getMessage();
    }

    private static HttpPeer peer(ScriptedServer http) {
        return new HttpPeer(MorangoHttpClient.builder(http.baseUrl()).build(),
                List.of(certificate("root"), certificate("child_csr")), key("child_csr"), certificate("root"));
    }

    private static LocalNode node(String name, DatabaseKind kind) {
        return new LocalNode(name, databases.migrated(kind), PROFILE, new FacilityDataProfile());
    }

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

    private static List<SyncRecord> first(SyncRecords records, String model, int count) {
        List<SyncRecord> found = new java.util.ArrayList<>();
        records.forEach(PROFILE, model, record -> {
            if (found.size() < count) {
                found.add(record);
            }
        });
        return found;
    }

    private static Map<String, Object> contents(LocalNode node) {
        Map<String, Object> all = new TreeMap<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            Map<String, Object> rows = new TreeMap<>();
            node.records().forEach(PROFILE, model.name(), record -> {
                Map<String, Object> row = new HashMap<>(record.values());
                row.put("_partition", record.partition());
                rows.put(record.id(), row);
            });
            all.put(model.name(), rows);
        }
        return all;
    }
}
