package org.facilitysync.core.internal.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.facilitysync.api.facility.FacilitySyncException;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.core.internal.wire.CertificateChainWire;
import org.facilitysync.core.internal.wire.CertificateWire;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.facility.NetworkFacilitySync;
import org.facilitysync.core.internal.session.SyncSessionStore;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code sync --facility} as a Kolibri user types it: the facility id is mapped to its dataset through the
 * peer's {@code /api/public/v1/facility/}, and the signing request's Basic-auth user arguments carry the
 * facility id (Kolibri looks users up by it); a peer without that endpoint is given the id as the dataset id.
 * The peer is scripted so that the request it receives can be read back; it refuses the signing request.
 */
class FacilityIdSigningRequestTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FACILITY_ID = "b45bdd1f2b96da791137d6fc70484968";

    private final IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());

    @Test
    void aFacilityIdIsMappedToItsDatasetAndTheSigningRequestCarriesIt() throws Exception {
        String dataset = root.certificate().id();
        String facilities = "[{\"id\":\"" + FACILITY_ID + "\",\"dataset\":\"" + dataset
                + "\",\"name\":\"Kolibri School\",\"learner_can_login_with_no_password\":false,"
                + "\"learner_can_sign_up\":false,\"on_my_own_setup\":false}]";
        try (LocalNode device = node(); ScriptedServer peer = new ScriptedServer(r -> answer(r, facilities))) {
            FacilitySyncException refused = assertThrows(FacilitySyncException.class, () -> sync(device, peer,
                    FACILITY_ID));
            assertTrue(refused.getMessage().contains("401"), refused.getMessage());
            assertEquals("username=admin&facility=" + FACILITY_ID + ":adminpass", signingRequestUser(peer));
            assertTrue(peer.received().stream().anyMatch(r -> r.pathAndQuery().equals(
                    "/api/morango/v1/certificates/?primary_partition=" + dataset)), "certificates asked by dataset id");
        }
    }

    @Test
    void theDatasetIdIsAcceptedTooAndAnUnknownIdIsRefusedNamingWhatThePeerOffers() throws Exception {
        String dataset = root.certificate().id();
        String facilities = "[{\"id\":\"" + FACILITY_ID + "\",\"dataset\":\"" + dataset + "\",\"name\":\"Kolibri School\"}]";
        try (LocalNode device = node(); ScriptedServer peer = new ScriptedServer(r -> answer(r, facilities))) {
            assertThrows(FacilitySyncException.class, () -> sync(device, peer, dataset));
            assertEquals("username=admin&facility=" + FACILITY_ID + ":adminpass", signingRequestUser(peer));

            String unknown = "0123456789abcdef0123456789abcdef";
            FacilitySyncException missing = assertThrows(FacilitySyncException.class, () -> sync(device, peer, unknown));
            assertTrue(missing.getMessage().contains("facility " + unknown + " does not exist on the peer")
                    && missing.getMessage().contains("facility id " + FACILITY_ID + ", dataset id " + dataset),
                    missing.getMessage());
        }
    }

    @Test
    void aPeerWithoutKolibrisPublicApiIsGivenTheIdAsTheDatasetId() throws Exception {
        String dataset = root.certificate().id();
        try (LocalNode device = node(); ScriptedServer peer = new ScriptedServer(r -> answer(r, null))) {
            assertThrows(FacilitySyncException.class, () -> sync(device, peer, dataset));
            assertEquals("username=admin&facility=" + dataset + ":adminpass", signingRequestUser(peer));
        }
    }

    private static LocalNode node() {
        return new LocalNode("device", databases.migrated(DatabaseKind.SQLITE), FacilityDataGenerator.PROFILE,
                new FacilityDataProfile());
    }

    private static void sync(LocalNode device, ScriptedServer peer, String facility) {
        NetworkFacilitySync sync = new NetworkFacilitySync(new CertificateStore(device.database()),
                new SyncSessionStore(device.database()), device.syncService(), device.engine().instanceId(),
                FacilityDataGenerator.PROFILE);
        sync.sync(FacilitySyncRequest.to(URI.create(peer.baseUrl())).withFacility(facility)
                .withCredentials("admin", "adminpass".toCharArray()));
    }

    /** A Kolibri server's answers; {@code facilities} null: no public API (404). */
    private ScriptedServer.Reply answer(ScriptedServer.Received r, String facilities) {
        String path = r.pathAndQuery();
        try {
            if (path.equals("/api/morango/v1/morangoinfo/1/")) {
                return ScriptedServer.Reply.json(200, "{\"instance_id\":\"dde25eead0a0954d9961783ad70fd526\","
                        + "\"version\":\"0.8.2\",\"capabilities\":[]}");
            }
            if (path.equals("/api/public/v1/facility/")) {
                return facilities == null ? ScriptedServer.Reply.json(404, "{\"detail\":\"Not found.\"}")
                        : ScriptedServer.Reply.json(200, facilities);
            }
            if (path.startsWith("/api/morango/v1/certificates/?")) {
                return ScriptedServer.Reply.json(200, JSON.writeValueAsString(
                        List.of(CertificateWire.toApi(root.certificate()))));
            }
            if (path.equals("/api/morango/v1/certificates/") && r.method().equals("POST")) {
                return ScriptedServer.Reply.json(401, "{\"detail\":\"Invalid credentials.\"}");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ScriptedServer.Reply.json(404, "{\"detail\":\"Not found.\"}");
    }

    private static String signingRequestUser(ScriptedServer peer) {
        Optional<String> header = peer.received().stream()
                .filter(r -> r.method().equals("POST") && r.pathAndQuery().equals("/api/morango/v1/certificates/"))
                .reduce((a, b) -> b).map(r -> r.header("Authorization"));
        String basic = header.orElseThrow(() -> new AssertionError("no signing request was sent"));
        return new String(Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8);
    }
}
