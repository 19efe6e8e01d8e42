package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.facility.NetworkFacilitySync;
import org.facilitysync.core.internal.http.client.MorangoHttpClient;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.facility.data.RandomEdits;
import org.facilitysync.facility.data.RecordEdit;
import org.facilitysync.facility.data.RecordRef;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.facilitysync.facility.models.LoggerModels;
import org.facilitysync.itests.NodeProcesses.Served;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * One hub, a real separate process limited to {@code -Xmx256m}, and 20 devices syncing with it at the same
 * time, each a single-user sync of a different learner that obtains its own single-user certificate with
 * the admin's credentials, then changes and creates that learner's records and syncs again.
 *
 * <p>The devices are whole nodes in plain Java inside this test's JVM ({@link LocalNode} over its own
 * SQLite file, and the same {@link NetworkFacilitySync} that {@code sync:sync} runs), not 20 more
 * container processes: twenty JVMs starting Felix at once would take most of the test's time on a
 * 2-core machine. They reach the hub only over HTTP on loopback, like any device.
 */
public class NetworkLoadIT {

    private static final int DEVICES = 20;
    /** Two classrooms of 25 learners: every device gets a learner of its own. */
    private static final int HUB_RECORDS = 6_000;
    /** New session logs each device creates for its learner between its syncs. */
    private static final int CREATED_PER_DEVICE = 5;
    private static final String PASSWORD = "load-it-secret";
    private static final String PROFILE = FacilityDataModels.PROFILE;
    private static final Pattern HEAP = Pattern.compile("heap used (\\d+) MiB, peak (\\d+) MiB, max (\\d+) MiB");
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(100)
            .withTimeout(Duration.ofMinutes(3));

    private NodeProcesses nodes;
    private final List<LoadDevice> devices = new ArrayList<>();
    private ExecutorService pool;

    private RetryLog retries;

    @BeforeClass
    public static void logRetries() {
        RetryLog.enable();
    }

    @Before
    public void setUp() throws Exception {
        nodes = new NodeProcesses("load-it-");
        pool = Executors.newFixedThreadPool(DEVICES);
        retries = new RetryLog();
    }

    @After
    public void tearDown() throws Exception {
        retries.close();
        pool.shutdownNow();
        for (LoadDevice device : devices) {
            device.close();
        }
        nodes.close();
    }

    @Test
    public void twentyDevicesSyncTheirLearnersWithOneHubAtOnceAndAllConverge() throws Exception {
        assertTrue("the devices' HTTP clients log their retries (slf4j-simple reads the level when the logger is"
                + " made; nothing in this JVM may have made it before)",
                LoggerFactory.getLogger(MorangoHttpClient.class).isDebugEnabled());
        long began = System.nanoTime();
        Path hubHome = nodes.home("hub");
        Served hub = nodes.serve(hubHome, Map.of("JAVA_OPTS", "-Xmx256m"));
        String dataset = nodes.createFacility(hubHome, PASSWORD);
        nodes.ok(hubHome, "facility:generate", "--facility", dataset, "--records", String.valueOf(HUB_RECORDS));
        List<String> learners = nodes.ok(hubHome, "facility:users", "--limit", "1000").lines()
                .filter(line -> line.matches("[0-9a-f]{32} learner\\d+")).map(line -> line.split(" ")[0]).toList();
        assertTrue("enough learners for every device: " + learners.size(), learners.size() >= DEVICES);
        long hubBefore = nodes.digest(hubHome).records();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(new LoadDevice("device" + i, nodes.home("device" + i + ".sqlite"), learners.get(i), true));
        }
        FacilitySyncRequest base = FacilitySyncRequest.to(URI.create(hub.baseUrl)).withFacility(dataset)
                .withCredentials("admin", PASSWORD.toCharArray()).withOptions(OPTIONS);
        log("hub ready with %d records, %d devices made, at %.1f s", hubBefore, DEVICES, seconds(began));

        // 1. All devices at once: a signing request for the learner's certificate, pull, push.
        List<FacilitySyncResult> first = allAtOnce(d -> d.sync(base));
        for (int i = 0; i < DEVICES; i++) {
            FacilitySyncResult result = first.get(i);
            assertTrue(devices.get(i).name + " pulled its learner's records: " + result,
                    result.pull().orElseThrow().recordsTransferred() > 0);
        }
        log("first syncs done at %.1f s; hub %s", seconds(began), status(hubHome));
        // Serving a learner's first single-user pull, the hub made that learner's copies of their assigned quizzes
        // and lessons (individualsyncableexam/lesson, as a Kolibri server does): from here on only devices add records.
        long hubAfterFirst = nodes.digest(hubHome).records();
        assertTrue("the hub lost records in the first round: " + hubBefore + " -> " + hubAfterFirst,
                hubAfterFirst >= hubBefore);

        // 2. Each device changes and creates records of its learner, then all sync again at once.
        long created = 0;
        for (LoadDevice device : devices) {
            created += device.editLearnerRecords(CREATED_PER_DEVICE);
        }
        List<FacilitySyncResult> second = allAtOnce(d -> d.sync(base));
        for (int i = 0; i < DEVICES; i++) {
            LoadDevice device = devices.get(i);
            long pushed = second.get(i).push().orElseThrow().recordsTransferred();
            assertTrue(device.name + " pushed what it created and changed (" + device.changed + "): " + second.get(i),
                    pushed >= CREATED_PER_DEVICE && pushed <= device.changed);
        }
        log("second syncs done at %.1f s; hub %s", seconds(began), status(hubHome));

        // 3. Converged: one more round moves nothing either way.
        List<FacilitySyncResult> third = allAtOnce(d -> d.sync(base));
        for (int i = 0; i < DEVICES; i++) {
            assertEquals(devices.get(i).name + " had nothing left to pull: " + third.get(i), 0,
                    third.get(i).pull().orElseThrow().recordsTransferred());
            assertEquals(devices.get(i).name + " had nothing left to push: " + third.get(i), 0,
                    third.get(i).push().orElseThrow().recordsTransferred());
        }
        assertEquals("the hub's records rose by what the devices created", hubAfterFirst + created,
                nodes.digest(hubHome).records());

        String heap = status(hubHome);
        Matcher figures = HEAP.matcher(heap);
        assertTrue(heap, figures.find());
        System.out.printf(Locale.ROOT, "NetworkLoadIT: hub at -Xmx256m after %d devices x 3 syncs: %s%n", DEVICES,
                heap);
        assertTrue("the hub kept its heap limit: " + heap, Long.parseLong(figures.group(3)) <= 256);
        assertTrue("the hub still serves", hub.process.isAlive());
        assertTrue("the hub logged no error or failed request:\n" + errors(hub.output), errors(hub.output).isEmpty());
        String retried = retries.retriedSinceLastCall();
        assertTrue("no device request failed, not even once before a retry:\n" + retried, retried.isEmpty());

        // 4. Each device holds exactly the hub's records of its learner's scope (read from the hub's
        // database once the hub has stopped, so nothing writes it meanwhile).
        hub.process.destroy();
        assertTrue(hub.process.waitFor(30, TimeUnit.SECONDS));
        try (LocalNode hubStore = LoadDevice.open("hub", hubHome.resolve("data/node.sqlite"))) {
            for (LoadDevice device : devices) {
                Set<String> onHub = LoadDevice.contents(hubStore.records(), p -> device.inScope(dataset, p));
                Set<String> onDevice = LoadDevice.contents(device.node.records(), p -> true);
                assertEquals(device.name + " holds the hub's data of its scope", onHub, onDevice);
            }
        }
        log("all converged; %.1f s in all", seconds(began));
    }

    /** Runs {@code sync} on every device at the same time; each must complete. */
    private List<FacilitySyncResult> allAtOnce(Function<LoadDevice, FacilitySyncResult> sync) throws Exception {
        List<Future<FacilitySyncResult>> running = new ArrayList<>();
        for (LoadDevice device : devices) {
            Callable<FacilitySyncResult> call = () -> sync.apply(device);
            running.add(pool.submit(call));
        }
        List<FacilitySyncResult> results = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            FacilitySyncResult result = running.get(i).get(4, TimeUnit.MINUTES);
            assertTrue(devices.get(i).name + " completed its sync: " + result, result.completed());
            results.add(result);
        }
        return results;
    }

    private String status(Path hubHome) throws Exception {
        return nodes.ok(hubHome, "sync:status").strip();
    }

    private static String errors(CharSequence output) {
        StringBuilder found = new StringBuilder();
        // The hub logs every 5xx it answers ("Morango API ... failed") at WARN, and its errors at ERROR. The
        // console's one-time notice of the password it generated for a new node home is no failure.
        output.toString().lines()
                .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.contains("Exception") && !l.contains(" INFO "))
                .filter(l -> !l.contains("console.security.ConsoleCredentials"))
                .forEach(l -> found.append(l).append('\n'));
        return found.toString();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "NetworkLoadIT: " + format + "%n", args);
    }
}
