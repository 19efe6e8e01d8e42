package org.facilitysync.core.internal.http.server;

import org.facilitysync.core.internal.wire.TransferSessionWire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.certificate.ScopeParams;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.http.client.MorangoHttpClient;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a Morango client's polling (one PATCH per stage, then only GETs) gets from the server: a
 * stage left PENDING gets another turn of its operations on each GET, and an errored stage's reason
 * comes along as {@code transfer_stage_error} after Morango's fields.
 */
class MorangoApiPollingTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100)
            .withTimeout(Duration.ofSeconds(30));
    private static final AtomicInteger IDS = new AtomicInteger(-5_000_000);

    @Test
    void aPendingStageGetsAnotherTurnOnEachPoll() throws Exception {
        // Pending twice, as a background job that has not run would leave it, then left to the engine.
        AtomicInteger turns = new AtomicInteger();
        SyncOperation pendingTwice = context -> context.isServer() && turns.incrementAndGet() <= 2
                ? StageResult.PENDING : StageResult.SKIPPED;
        try (ApiTestServer hub = hub(pendingTwice, SyncStage.DEQUEUING); LocalNode device = node("device")) {
            IssuedCertificate root = root(hub);
            FacilityDataGenerator facility = facility(root);
            facility.records().forEach(record -> record.createIn(device.records()));
            HttpPeer peer = peer(hub, root);

            TransferResult push = device.syncService().push(peer, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertTrue(push.succeeded(), () -> "push failed: " + push);
            assertEquals(3, turns.get(), "the PATCH's turn, then one per GET until the engine did the stage");
            assertEquals(device.records().count(PROFILE, "facilityuser"), hub.node.records().count(PROFILE, "facilityuser"));
            assertTrue(hub.node.records().count(PROFILE, "facilityuser") > 0);
            peer.close();
        }
    }

    @Test
    void anErroredStagesReasonTravelsAfterMorangosFields() throws Exception {
        SyncOperation failing = context -> {
            if (context.isServer()) {
                throw new IllegalStateException("the disk is full");
            }
            return StageResult.SKIPPED;
        };
        try (ApiTestServer hub = hub(failing, SyncStage.DESERIALIZING); LocalNode device = node("device")) {
            IssuedCertificate root = root(hub);
            FacilityDataGenerator facility = facility(root);
            facility.records().forEach(record -> record.createIn(device.records()));
            HttpPeer peer = peer(hub, root);

            TransferResult push = device.syncService().push(peer, SyncFilter.of(facility.datasetId()), OPTIONS);

            assertEquals(TransferStatus.ERRORED, push.status(), push::toString);
            assertTrue(push.error().contains("the disk is full"), push.error());
            HttpResponse<byte[]> answer = hub.send("GET", "/api/morango/v1/transfersessions/"
                    + push.transferSessionId() + "/", null);
            JsonNode json = new ObjectMapper().readTree(new String(answer.body(), StandardCharsets.UTF_8));
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("transfer_stage_status", TransferSessionWire.ERROR),
                    fields.subList(fields.size() - 2, fields.size()), "Morango's fields first, ours last: " + fields);
            assertEquals("errored", json.path("transfer_stage_status").asText());
            assertTrue(json.path(TransferSessionWire.ERROR).asText().contains("the disk is full"), json::toString);
        }
    }

    private static ApiTestServer hub(SyncOperation plugin, SyncStage stage) throws Exception {
        LocalNode hub = node("hub");
        hub.pipeline().registerEmbedded(IDS.getAndDecrement(), plugin, SyncOperation.DEFAULT_PRIORITY,
                EnumSet.of(stage), "test plugin");
        return new ApiTestServer(hub);
    }

    private static LocalNode node(String name) {
        return new LocalNode(name, databases.migrated(DatabaseKind.SQLITE), PROFILE, new FacilityDataProfile());
    }

    private static IssuedCertificate root(ApiTestServer hub) {
        IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
        hub.certificates().saveOwned(root);
        return root;
    }

    private static FacilityDataGenerator facility(IssuedCertificate root) {
        return new FacilityDataGenerator(GeneratorSpec.ofRecords(150), 21).withDatasetId(root.certificate().id());
    }

    /** A device's line to the hub, with a full-facility certificate the hub's root signed. */
    private static HttpPeer peer(ApiTestServer hub, IssuedCertificate root) {
        RsaKey key = RsaKey.generate();
        Certificate own = CertificateIssuer.child(root, PROFILE, FacilityScopes.FULL_FACILITY.id(),
                FacilityScopes.FULL_FACILITY.version(),
                ScopeParams.write(Map.of("dataset_id", root.certificate().id())), key.publicKeyString(),
                CertificateIssuer.newSalt());
        return new HttpPeer(MorangoHttpClient.builder(hub.baseUrl()).build(), List.of(root.certificate(), own), key,
                root.certificate());
    }
}
