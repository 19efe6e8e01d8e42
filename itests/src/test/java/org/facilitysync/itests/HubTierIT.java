package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A hub tier as {@code ./facilitysync hub-tier} runs it: PostgreSQL, three hub processes sharing it and
 * HAProxy in front (round-robin, no sticky sessions, background jobs on), with many devices syncing through
 * the balancer at once: single-user devices of different learners and full-facility ones, edits on both
 * sides. Every device converges with the hub (each store row and its counters compared), nothing is lost
 * or duplicated, and no request is answered 5xx while every node lives. Then hub nodes are SIGKILLed, one
 * while devices ask for certificates and transfer, one while it runs a background job: the devices finish
 * through the remaining nodes (a sync the kill broke is simply run again) with identical stores.
 *
 * <p>Skipped, saying so, without HAProxy or PostgreSQL's server binaries ({@code .ci/run} installs both).
 */
public class HubTierIT {

    /** The 50 (about 4 minutes on 2 cores); {@code -Dhubtier.devices=N} for another number. */
    private static final int DEVICES = Integer.getInteger("hubtier.devices", 50);
    /** Of the devices, this many sync the whole facility, the others one learner each. */
    private static final int FULL_FACILITY = Math.max(1, DEVICES / 8);
    /** Two classrooms of 25 learners: a learner for every device. */
    private static final int HUB_RECORDS = 6_000;
    private static final int CREATED_PER_DEVICE = 3;
    private static final String PASSWORD = "tier-it-secret";
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(200)
            .withTimeout(Duration.ofMinutes(3));

    private NodeProcesses nodes;
    private Process tier;
    private final List<LoadDevice> devices = new ArrayList<>();
    private ExecutorService pool;
    private RetryLog retries;

    @BeforeClass
    public static void logRetries() {
        RetryLog.enable();
    }

    @Before
    public void setUp() throws Exception {
        Assume.assumeTrue("skipped: no haproxy on the PATH (apt-get install -y haproxy; .ci/run installs it)",
                onPath("haproxy"));
        Assume.assumeTrue("skipped: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install -y"
                + " postgresql; .ci/run installs them)", postgresInstalled());
        nodes = new NodeProcesses("hub-tier-it-");
        pool = Executors.newFixedThreadPool(DEVICES);
        retries = new RetryLog();
    }

    @After
    public void tearDown() throws Exception {
        if (retries != null) {
            retries.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        devices.forEach(LoadDevice::close);
        if (tier != null) {
            tier.destroy(); // the script stops HAProxy, the nodes and PostgreSQL
            if (!tier.waitFor(60, TimeUnit.SECONDS)) {
                tier.destroyForcibly();
            }
            // The homes go with NodeProcesses; the logs are kept for whoever reads a failure.
            Path logs = repo().resolve("itests/target/hub-tier-it-logs");
            Files.createDirectories(logs);
            try (var files = Files.list(nodes.home("tier"))) {
                for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.copy(log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void devicesSyncThroughTheBalancerConvergeAndSurviveKilledNodes() throws Exception {
        long began = System.nanoTime();
        Map<String, String> env = startTier(nodes.home("tier"));
        Path node1 = Path.of(env.get("NODE1_HOME"));
        String dataset = whenModelsReady(() -> nodes.createFacility(node1, PASSWORD));
        whenModelsReady(() -> nodes.ok(node1, "facility:generate", "--facility", dataset, "--records",
                String.valueOf(HUB_RECORDS)));
        List<String> learners = nodes.ok(node1, "facility:users", "--limit", "1000").lines()
                .filter(line -> line.matches("[0-9a-f]{32} learner\\d+")).map(line -> line.split(" ")[0]).toList();
        assertTrue("a learner for every device: " + learners.size(), learners.size() >= DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            devices.add(new LoadDevice("device" + i, nodes.home("device" + i + ".sqlite"), learners.get(i),
                    i >= FULL_FACILITY));
        }
        FacilitySyncRequest base = FacilitySyncRequest.to(URI.create(env.get("BALANCER_URL"))).withFacility(dataset)
                .withCredentials("admin", PASSWORD.toCharArray()).withOptions(OPTIONS);
        log(began, "tier of %s nodes ready, %d devices (%d full-facility)", env.get("NODES"), DEVICES, FULL_FACILITY);

        // 1. Every node alive: two rounds with edits on both sides, then one that finds nothing to move.
        allAtOnce(devices, base, 0);
        List<LoadDevice> editors = List.copyOf(devices);
        long created = editEverywhere(editors, node1, 1);
        allAtOnce(devices, base, 0);
        log(began, "two rounds done");
        allAtOnce(devices, base, 0); // full-facility devices pull what the others pushed after their pull
        assertNothingLeftToMove(base);
        String retried = retries.retriedSinceLastCall();
        assertTrue("no request failed or was answered 5xx while every node lived:\n" + retried, retried.isEmpty());
        assertConverged(env, dataset);
        log(began, "converged with every node alive (%d records created on the devices)", created);

        // 2. Three new devices (of learners other devices have; they only read) ask for certificates while
        // node 3 is killed; node 2 is killed while it runs a background job of the round after the edits.
        List<LoadDevice> newcomers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            newcomers.add(new LoadDevice("newcomer" + i, nodes.home("newcomer" + i + ".sqlite"),
                    learners.get(FULL_FACILITY + i), true));
        }
        devices.addAll(newcomers);
        Future<?> csrKill = killWhen(env, 3, null, Duration.ofMillis(700)); // their first requests: signing
        int broken = allAtOnce(newcomers, base, 3);
        log(began, "newcomers done (%d syncs broken by the kill of node 3: %s)", broken, csrKill.get());
        editEverywhere(editors, node1, 2);
        Future<?> jobKill = killWhen(env, 2, "Background", Duration.ofSeconds(30));
        broken = allAtOnce(devices, base, 3);
        log(began, "round with node 2 killed done (%d syncs broken: %s)", broken, jobKill.get());
        allAtOnce(devices, base, 3); // whatever a broken sync left behind
        assertNothingLeftToMove(base);
        assertConverged(env, dataset);
        log(began, "converged through the remaining node");
    }

    // ---- the tier

    /**
     * Runs a first command on a node that has just started serving: a node switching from its default
     * SQLite store to the configured PostgreSQL re-registers its models, and a command in that window is
     * told a model is missing (a start-up race of the node, not of the tier); it is asked again.
     */
    private static <T> T whenModelsReady(java.util.concurrent.Callable<T> command) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return command.call();
            } catch (AssertionError e) {
                if (attempt >= 60 || !String.valueOf(e.getMessage()).contains("has no model")) {
                    throw e;
                }
                Thread.sleep(2000);
            }
        }
    }

    private Map<String, String> startTier(Path dir) throws Exception {
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(repo().resolve("scripts/hub-tier").toString(), "--nodes", "3",
                "--dir", dir.toString(), "--extras", "--heap", "256m", "--throwaway").redirectErrorStream(true)
                .redirectOutput(dir.resolve("hub-tier.out").toFile());
        builder.environment().put("FACILITYSYNC_NO_BUILD", "1");
        builder.environment().remove("JAVA_OPTS");
        tier = builder.start();
        Path env = dir.resolve("tier.env");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(env)) {
            assertTrue("the tier started:\n" + Files.readString(dir.resolve("hub-tier.out")), tier.isAlive());
            assertTrue("the tier started within 4 minutes", System.nanoTime() < deadline);
            Thread.sleep(200);
        }
        Thread.sleep(500); // the file is written in one go, but let its writer finish
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        awaitHealthy(values.get("BALANCER_URL"));
        return values;
    }

    /** Waits until the balancer has marked the nodes up (it answers 503 until its first checks pass). */
    private static void awaitHealthy(String balancer) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest info = java.net.http.HttpRequest.newBuilder(
                URI.create(balancer + "api/morango/v1/morangoinfo/1/")).build();
        for (int i = 0; i < 300; i++) {
            if (http.send(info, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the balancer at " + balancer + " found no healthy node within 60 s");
    }

    /** SIGKILLs node {@code n} as soon as its log mentions {@code trigger}, or after {@code atLatest}. */
    private Future<?> killWhen(Map<String, String> env, int n, String trigger, Duration atLatest) {
        Path log = Path.of(env.get("NODE" + n + "_HOME")).resolveSibling("node" + n + ".log");
        long pid = Long.parseLong(env.get("NODE" + n + "_PID"));
        return Executors.newSingleThreadExecutor().submit(() -> {
            long before = trigger == null ? 0 : Files.readString(log).split(trigger, -1).length;
            long deadline = System.nanoTime() + atLatest.toNanos();
            String why = "after " + atLatest.toMillis() + " ms";
            while (System.nanoTime() < deadline) {
                if (trigger != null && Files.readString(log).split(trigger, -1).length > before) {
                    why = "when its log said '" + trigger + "'";
                    break;
                }
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start().waitFor();
            return "node " + n + " killed " + why;
        });
    }

    // ---- the devices

    /**
     * Syncs every one of {@code which} at once; a sync that fails is run again, at most {@code retries}
     * times (a kill may break one). Returns how many syncs failed before they completed.
     */
    private int allAtOnce(List<LoadDevice> which, FacilitySyncRequest base, int retries) throws Exception {
        List<Future<Integer>> running = new ArrayList<>();
        for (LoadDevice device : which) {
            running.add(pool.submit(() -> {
                int failures = 0;
                while (true) {
                    FacilitySyncResult result;
                    try {
                        result = device.sync(base);
                    } catch (RuntimeException e) {
                        result = null;
                        if (failures >= retries) {
                            throw new AssertionError(device.name + " could not sync: " + e, e);
                        }
                    }
                    if (result != null && result.completed()) {
                        return failures;
                    }
                    if (++failures > retries) {
                        throw new AssertionError(device.name + " did not complete its sync: " + result);
                    }
                }
            }));
        }
        int failed = 0;
        for (Future<Integer> one : running) {
            failed += one.get(4, TimeUnit.MINUTES);
        }
        return failed;
    }

    private void assertNothingLeftToMove(FacilitySyncRequest base) throws Exception {
        List<Future<FacilitySyncResult>> running = new ArrayList<>();
        for (LoadDevice device : devices) {
            running.add(pool.submit(() -> device.sync(base)));
        }
        for (int i = 0; i < running.size(); i++) {
            FacilitySyncResult result = running.get(i).get(4, TimeUnit.MINUTES);
            String name = devices.get(i).name;
            assertTrue(name + " completed: " + result, result.completed());
            assertEquals(name + " had nothing left to pull: " + result, 0, result.pull().orElseThrow().recordsTransferred());
            assertEquals(name + " had nothing left to push: " + result, 0, result.push().orElseThrow().recordsTransferred());
        }
    }

    /** Devices edit their learners' records, the hub edits a share of everything; returns the records created. */
    private long editEverywhere(List<LoadDevice> editors, Path hubHome, int seed) throws Exception {
        long created = 0;
        for (LoadDevice device : editors) {
            created += device.editLearnerRecords(CREATED_PER_DEVICE);
        }
        nodes.ok(hubHome, "facility:edit", "--seed", String.valueOf(seed), "--share", "0.01");
        return created;
    }

    // ---- convergence: every store row, its counters and every app record

    private void assertConverged(Map<String, String> env, String dataset) throws Exception {
        try (Connection hub = DriverManager.getConnection(env.get("JDBC_URL"), "facilitysync", "")) {
            Set<String> hubStore = storeRows(hub, p -> p.startsWith(dataset));
            assertEquals("no store row is duplicated (one row per model uuid)", hubStore.size(),
                    count(hub, "SELECT count(DISTINCT id) FROM morango_store"));
            assertTrue("the tier's one instance counter is above every counter it stamped",
                    count(hub, "SELECT count(*) FROM morango_store s JOIN morango_instanceidmodel i"
                            + " ON i.id = s.last_saved_instance WHERE s.last_saved_counter > i.counter") == 0);
            assertEquals("every node of the tier is one Morango instance", 1,
                    count(hub, "SELECT count(*) FROM morango_instanceidmodel WHERE current"));
            for (LoadDevice device : devices) {
                Set<String> expected = new TreeSet<>();
                hubStore.stream().filter(row -> device.inScope(dataset, row.split("\\|")[1])).forEach(expected::add);
                assertEquals(device.name + " holds exactly the hub's store rows of its scope, counters included",
                        expected, device.node.database().read(tx -> storeRows(tx.connection(),
                                p -> device.inScope(dataset, p))));
            }
        }
    }

    /** "id|partition|last saved instance|counter|deleted|serialized" of every store row in a wanted partition. */
    private static Set<String> storeRows(Connection connection, Predicate<String> wanted) throws SQLException {
        Set<String> rows = new TreeSet<>();
        try (Statement query = connection.createStatement(); ResultSet result = query.executeQuery(
                "SELECT id, partition, last_saved_instance, last_saved_counter, deleted, hard_deleted, serialized"
                        + " FROM morango_store")) {
            while (result.next()) {
                if (wanted.test(result.getString(2))) {
                    rows.add(result.getString(1) + "|" + result.getString(2) + "|" + result.getString(3) + "|"
                            + result.getLong(4) + "|" + result.getBoolean(5) + "|" + result.getBoolean(6) + "|"
                            + result.getString(7));
                }
            }
        }
        return rows;
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (Statement query = connection.createStatement(); ResultSet result = query.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    // ---- small things

    private static Path repo() {
        return Path.of(System.getProperty("repo.root")).toAbsolutePath();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean postgresInstalled() throws Exception {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (var versions = Files.list(root)) {
            return versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/initdb")));
        }
    }

    private static void log(long since, String format, Object... args) {
        System.out.printf(Locale.ROOT, "HubTierIT %.1f s: " + format + "%n",
                java.util.stream.Stream.concat(java.util.stream.Stream.of((System.nanoTime() - since) / 1e9),
                        java.util.stream.Stream.of(args)).toArray());
    }
}
