package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.facilitysync.api.facility.Facility;
import org.facilitysync.api.facility.PublicResource;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.facility.JdbcSyncAdmission;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.core.internal.trust.NonceStore;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.internal.FacilityRecordsProvisioner;
import org.facilitysync.facility.internal.KolibriRelease;
import org.facilitysync.facility.internal.PublicFacilityResource;
import org.facilitysync.facility.internal.PublicFacilityUserResource;
import org.facilitysync.facility.internal.PublicInfoResource;
import org.facilitysync.facility.internal.SyncQueueResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The public endpoints a Kolibri 0.17.5 device asks a server for, answered by this node (the core's
 * servlet, the facility profile's resources) over real HTTP, compared with what a real Kolibri server
 * answered the same requests (recorded in {@code ../shared/vectors/kolibri/README.md}): the same paths,
 * keys in the same order, the same statuses and error bodies; the values are this node's.
 */
class KolibriPublicApiTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static LocalNode node;
    private static Server jetty;
    private static String base;
    private static Facility facility;

    @BeforeAll
    static void serve() throws Exception {
        node = new LocalNode("hub", databases.migrated(DatabaseKind.SQLITE), FacilityDataGenerator.PROFILE,
                new FacilityDataProfile());
        facility = new FacilityRecordsProvisioner(node.records()).provision("985add1d1211a9b0a95c674ba7a74db8",
                "Kolibri School", "admin", "adminpass".toCharArray());
        node.records().create(FacilityDataGenerator.PROFILE, "facilityuser", Map.of("username", "learner",
                "password", "NOT_SPECIFIED", "full_name", "A Learner", "date_joined", "2024-01-02 03:04:05.000000(UTC)",
                "facility_id", facility.facilityId(), "gender", "NOT_SPECIFIED", "birth_year", "NOT_SPECIFIED",
                "id_number", "", "dataset_id", facility.datasetId()));
        Map<String, PublicResource> resources = new HashMap<>();
        PublicInfoResource info = new PublicInfoResource();
        info.configure(configOf(PublicInfoResource.Config.class, Map.of("device_name", "vm")));
        resources.put("info", info);
        resources.put("v1/facility", new PublicFacilityResource(node.records()));
        resources.put("facilityuser", new PublicFacilityUserResource(node.records()));
        SyncQueueResource queue = new SyncQueueResource(node.records(), new JdbcSyncAdmission(node.database(),
                Clock.systemUTC()), configOf(SyncQueueResource.Config.class, Map.of("max_concurrent_syncs", 1,
                "sync_interval_seconds", 60)));
        resources.put("v1/syncqueue", queue);
        resources.put("syncqueue", queue);
        MorangoApi morango = new MorangoApi(node.server(), new CertificateStore(node.database()),
                new NonceStore(node.database()), profile -> Optional.empty(), new KolibriRelease()::morangoInfoFields);
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new PublicApiServlet(p -> Optional.ofNullable(resources.get(p)),
                () -> node.engine().instanceId())), PublicApiComponent.PATTERN);
        context.addServlet(new ServletHolder(new MorangoApiServlet(morango, 1 << 20)), MorangoApiComponent.PATTERN);
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        node.close();
    }

    @Test
    void infoAnswersAsKolibrisInVersionOneAndThree() throws Exception {
        JsonNode plain = ok("GET", "/api/public/info/", null, null);
        assertEquals(List.of("application", "kolibri_version", "instance_id", "device_name", "operating_system"),
                keys(plain));
        assertEquals("kolibri", plain.path("application").asText());
        assertEquals("0.17.5", plain.path("kolibri_version").asText());
        assertEquals(node.engine().instanceId(), plain.path("instance_id").asText());
        assertEquals("vm", plain.path("device_name").asText());
        JsonNode v3 = ok("GET", "/api/public/info/?v=3", null, null);
        assertEquals(List.of("application", "kolibri_version", "instance_id", "device_name", "operating_system",
                "subset_of_users_device", "min_content_schema_version"), keys(v3));
        assertEquals("false", v3.path("subset_of_users_device").toString());
        assertEquals("\"5\"", v3.path("min_content_schema_version").toString());
    }

    @Test
    void morangoInfoCarriesKolibrisKeyFirst() throws Exception {
        JsonNode info = ok("GET", "/api/morango/v1/morangoinfo/1/", null, null);
        assertEquals(List.of("kolibri", "instance_hash", "instance_id", "system_os", "version", "capabilities"),
                keys(info));
        assertEquals("0.17.5", info.path("kolibri").asText());
    }

    @Test
    void facilitiesAreListedWithTheirDatasetsAndLearnerSettings() throws Exception {
        JsonNode list = ok("GET", "/api/public/v1/facility/", null, null);
        assertEquals(1, list.size());
        JsonNode one = list.get(0);
        assertEquals(List.of("id", "dataset", "name", "learner_can_login_with_no_password", "learner_can_sign_up",
                "on_my_own_setup"), keys(one));
        assertEquals(facility.facilityId(), one.path("id").asText());
        assertEquals(facility.datasetId(), one.path("dataset").asText());
        assertEquals("Kolibri School", one.path("name").asText());
        assertEquals(one, ok("GET", "/api/public/v1/facility/" + facility.facilityId() + "/", null, null));
        HttpResponse<String> missing = send("GET", "/api/public/v1/facility/0123456789abcdef0123456789abcdef/", null, null);
        assertEquals(404, missing.statusCode());
        assertEquals("[{\"id\":\"NOT_FOUND\",\"metadata\":{\"view\":\"Public Facility Instance\"}}]", missing.body());
        HttpResponse<String> post = send("POST", "/api/public/v1/facility/", null, null);
        assertEquals(405, post.statusCode());
        assertEquals("{\"detail\":\"Method \\\"POST\\\" not allowed.\"}", post.body());
        assertEquals(404, send("GET", "/api/public/v2/nothing/", null, null).statusCode());
    }

    @Test
    void facilityUserNeedsCredentialsWithTheFacilityIdAndShowsAnAdminEveryUser() throws Exception {
        HttpResponse<String> none = send("GET", "/api/public/facilityuser/", null, null);
        assertEquals(401, none.statusCode());
        assertEquals("{\"detail\":\"Authentication credentials were not provided.\"}", none.body());
        String query = "/api/public/facilityuser/?facility_id=" + facility.facilityId();
        HttpResponse<String> bad = send("GET", query, "username=admin&facility=" + facility.facilityId() + ":wrong", null);
        assertEquals(401, bad.statusCode());
        assertEquals("{\"detail\":\"Invalid credentials.\"}", bad.body());
        JsonNode users = ok("GET", query, "username=admin&facility=" + facility.facilityId() + ":adminpass", null);
        assertEquals(2, users.size());
        assertEquals(List.of("id", "username", "full_name", "facility", "id_number", "gender", "birth_year",
                "is_superuser", "roles"), keys(users.get(0)));
        assertTrue(users.get(0).path("id").asText().compareTo(users.get(1).path("id").asText()) < 0, "sorted by id");
        JsonNode me = ok("GET", query, "username=learner&facility=" + facility.facilityId() + ":NOT_SPECIFIED", null);
        assertEquals(1, me.size());
        assertEquals("learner", me.get(0).path("username").asText());
        assertEquals("[]", me.get(0).path("roles").toString());
    }

    @Test
    void theSyncQueueAdmitsOneDeviceAndQueuesTheNext() throws Exception {
        HttpResponse<String> get = send("GET", "/api/public/v1/syncqueue/", null, null);
        assertEquals(405, get.statusCode());
        assertEquals("{\"detail\":\"Method \\\"GET\\\" not allowed.\"}", get.body());
        HttpResponse<String> stranger = send("POST", "/api/public/v1/syncqueue/", null,
                "{\"user\":\"0123456789abcdef0123456789abcdef\",\"instance\":\"0123456789abcdef0123456789abcdee\"}");
        assertEquals(404, stranger.statusCode());
        assertEquals("[{\"id\":\"NOT_FOUND\",\"metadata\":{\"view\":\"Sync Queue Api\"}}]", stranger.body());
        HttpResponse<String> invalid = send("POST", "/api/public/v1/syncqueue/", null, "{\"user\":\"zz\"}");
        assertEquals(400, invalid.statusCode());
        assertEquals("[{\"id\":\"INVALID\",\"metadata\":{\"field\":\"user\",\"message\":\"Must be a valid UUID.\"}},"
                + "{\"id\":\"REQUIRED\",\"metadata\":{\"field\":\"instance\",\"message\":\"This field is required.\"}}]",
                invalid.body());

        List<String> users = new ArrayList<>();
        node.records().forEach(FacilityDataGenerator.PROFILE, "facilityuser", u -> users.add(u.id()));
        JsonNode first = ok("POST", "/api/public/v1/syncqueue/", null, "{\"user\":\"" + users.get(0)
                + "\",\"instance\":\"11111111111111111111111111111111\"}");
        assertEquals(List.of("id", "status", "keep_alive"), keys(first));
        assertEquals("READY", first.path("status").asText());
        assertEquals("5", first.path("keep_alive").toString());
        JsonNode second = ok("POST", "/api/public/syncqueue/", null, "{\"user\":\"" + users.get(1)
                + "\",\"instance\":\"22222222222222222222222222222222\"}");
        assertEquals("QUEUED", second.path("status").asText(), "the admission limit is 1");
        JsonNode again = ok("POST", "/api/public/v1/syncqueue/", null, "{\"user\":\"" + users.get(1)
                + "\",\"instance\":\"22222222222222222222222222222222\"}");
        assertEquals(second.path("id"), again.path("id"), "a device keeps its place");
    }

    private static JsonNode ok(String method, String path, String user, String body) throws Exception {
        HttpResponse<String> response = send(method, path, user, body);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    user.getBytes(StandardCharsets.UTF_8)));
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A component property type's instance with these values, as SCR makes one from a configuration. */
    @SuppressWarnings("unchecked")
    private static <A> A configOf(Class<A> type, Map<String, Object> values) {
        return (A) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}
