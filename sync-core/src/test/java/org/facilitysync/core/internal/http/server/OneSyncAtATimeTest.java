package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.TransferRequest;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.session.SyncSessionRow;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node runs one sync per (peer, facility, direction) at a time: a second one, from any process on the
 * same database, gives way with a line that names the running transfer session and how to resume it.
 */
class OneSyncAtATimeTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100).withTimeout(Duration.ofSeconds(60));

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aSecondPullOfTheSameFacilityFromTheSamePeerGivesWay(DatabaseKind kind) throws Exception {
        try (ApiTestServer hub = new ApiTestServer(new LocalNode("hub", databases.migrated(kind), PROFILE,
                new FacilityDataProfile())); LocalNode device = new LocalNode("device", databases.migrated(kind), PROFILE,
                new FacilityDataProfile())) {
            IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
            hub.certificates().saveOwned(root);
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(100), 5)
                    .withDatasetId(root.certificate().id());
            facility.records().forEach(record -> record.createIn(hub.node.records()));
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            HttpPeer peer = hub.devicePeer(root);
            // a pull of the same facility from the same hub, begun by another process on this node home
            String running = newId();
            String syncSession = newId();
            device.engine().syncSessions().create(SyncSessionRow.network(syncSession, false, PROFILE, peer.description()));
            device.pipeline().begin(TransferRequest.builder(syncSession, running).client().filter(filter).pull()
                    .datasetId(facility.datasetId()).build());

            TransferResult second = device.syncService().pull(peer, filter, OPTIONS);
            assertEquals(TransferStatus.ERRORED, second.status(), second::toString);
            assertTrue(second.error().contains("transfer session " + running)
                    && second.error().contains("sync:resume --id " + syncSession), second.error());
            assertEquals(0, device.records().count(PROFILE, "facilityuser"), "the second pull did nothing");
            // a push to the same hub, or a pull of the same facility from elsewhere, is not held up
            assertTrue(device.syncService().push(peer, filter, OPTIONS).succeeded());

            // once the first has ended, the next pull runs
            device.engine().transfers().update(running, row -> row.deactivated());
            TransferResult third = device.syncService().pull(peer, filter, OPTIONS);
            assertTrue(third.succeeded(), third::toString);
            assertEquals(facility.recordCount(), third.recordsTransferred());
            peer.close();
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
