package org.facilitysync.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.facility.NetworkFacilitySync;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.core.internal.trust.CertificateStore;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.FacilityDataModels;
import org.sqlite.SQLiteDataSource;

/**
 * {@code bench hub --nodes N --devices D --records R}: for a tier of 1, 2, ... N hub nodes on one PostgreSQL
 * behind HAProxy ({@code scripts/hub-tier}), a facility of R generated records, then D devices (plain-Java
 * nodes over SQLite files in this process, each a single-user sync of a learner, learners reused when
 * there are fewer) syncing all at once through the balancer: their first sync (certificate, pull, push).
 * Prints devices per minute, aggregate records per second, the database's share of the time (how often
 * PostgreSQL had a query running, sampled every 50 ms) and each node's peak heap.
 */
final class HubBenchmark {

    private static final Pattern PEAK = Pattern.compile("peak (\\d+) MiB");
    private static final String PASSWORD = "bench-hub-secret";

    private HubBenchmark() {
    }

    static void main(String[] args) throws Exception {
        int maxNodes = 3;
        int deviceCount = 30;
        int records = 6_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--nodes" -> maxNodes = positive("--nodes", value);
                case "--devices" -> deviceCount = positive("--devices", value);
                case "--records" -> records = positive("--records", value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "' (options: --nodes N, --devices D, --records R)");
            }
            i++;
        }
        Path repo = Path.of(System.getProperty("facilitysync.repo", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("facilitysync-bench-hub-");
        System.out.printf(Locale.ROOT, "bench hub: %d devices, %,d records, tiers of 1..%d nodes; %d cores shared by"
                + " PostgreSQL, HAProxy, the nodes and the devices%n", deviceCount, records, maxNodes,
                Runtime.getRuntime().availableProcessors());
        System.out.println("nodes  devices/min  records/s  db busy  db active  wall s  peak heap per node (MiB)");
        for (int nodes = 1; nodes <= maxNodes; nodes++) {
            run(repo, work.resolve("tier" + nodes), nodes, deviceCount, records);
        }
    }

    private static void run(Path repo, Path dir, int nodes, int deviceCount, int records) throws Exception {
        ProcessBuilder tierBuilder = new ProcessBuilder(repo.resolve("scripts/hub-tier").toString(), "--nodes", String.valueOf(nodes),
                "--dir", dir.toString(), "--heap", "256m", "--throwaway").redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(dir).resolve("hub-tier.out").toFile());
        tierBuilder.environment().put("FACILITYSYNC_NO_BUILD", "1"); // './facilitysync bench' built it
        Process tier = tierBuilder.start();
        List<LocalNode> devices = new ArrayList<>();
        try {
            Map<String, String> env = awaitTier(tier, dir);
            Path node1 = Path.of(env.get("NODE1_HOME"));
            String dataset = find(firstCommand(repo, node1, "sync:facility", "create", "Bench", "--admin", "admin",
                    "--password", PASSWORD), Pattern.compile("dataset ([0-9a-f]{32})"));
            firstCommand(repo, node1, "facility:generate", "--facility", dataset, "--records", String.valueOf(records));
            List<String> learners = command(repo, node1, "facility:users", "--limit", "100000").lines()
                    .filter(l -> l.matches("[0-9a-f]{32} learner\\d+")).map(l -> l.split(" ")[0]).toList();
            FacilitySyncRequest base = FacilitySyncRequest.to(URI.create(env.get("BALANCER_URL"))).withFacility(dataset)
                    .withCredentials("admin", PASSWORD.toCharArray()).withOptions(SyncOptions.defaults().withTimeout(Duration.ofMinutes(20)));
            List<NetworkFacilitySync> syncs = new ArrayList<>();
            for (int i = 0; i < deviceCount; i++) {
                LocalNode device = device("device" + i, dir.resolve("device" + i + ".sqlite"));
                devices.add(device);
                syncs.add(new NetworkFacilitySync(new CertificateStore(device.database()),
                        device.engine().syncSessions(), device.syncService(), device.engine().instanceId(),
                        FacilityDataModels.PROFILE));
            }
            try (DatabaseSampler db = new DatabaseSampler(env.get("JDBC_URL"))) {
                ExecutorService pool = Executors.newFixedThreadPool(deviceCount);
                long start = System.nanoTime();
                List<Future<FacilitySyncResult>> running = new ArrayList<>();
                for (int i = 0; i < deviceCount; i++) {
                    NetworkFacilitySync sync = syncs.get(i);
                    String learner = learners.get(i % learners.size());
                    running.add(pool.submit(() -> sync.sync(base.withUser(learner))));
                }
                long moved = 0;
                for (Future<FacilitySyncResult> one : running) {
                    FacilitySyncResult result = one.get(30, TimeUnit.MINUTES);
                    if (!result.completed()) {
                        throw new IllegalStateException("a device's sync did not complete: " + result);
                    }
                    moved += result.pull().map(t -> t.recordsTransferred()).orElse(0L)
                            + result.push().map(t -> t.recordsTransferred()).orElse(0L);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                StringBuilder heaps = new StringBuilder();
                for (int n = 1; n <= nodes; n++) {
                    String status = command(repo, Path.of(env.get("NODE" + n + "_HOME")), "sync:status");
                    heaps.append(n > 1 ? ", " : "").append(find(status, PEAK));
                }
                System.out.printf(Locale.ROOT, "%5d  %11.1f  %9.0f  %6.0f%%  %9.2f  %6.1f  %s%n", nodes,
                        deviceCount / seconds * 60, moved / seconds, db.busyShare() * 100, db.meanActive(), seconds,
                        heaps);
            }
        } finally {
            devices.forEach(LocalNode::close);
            tier.destroy(); // the script stops HAProxy, the nodes and PostgreSQL
            tier.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static LocalNode device(String name, Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        return new LocalNode(name, DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE), FacilityDataModels.PROFILE, new FacilityDataProfile());
    }

    private static Map<String, String> awaitTier(Process tier, Path dir) throws Exception {
        Path env = dir.resolve("tier.env");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(env) || Files.readString(env).isEmpty()) {
            if (!tier.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub tier did not start:\n"
                        + Files.readString(dir.resolve("hub-tier.out")));
            }
            Thread.sleep(200);
        }
        Thread.sleep(3000); // HAProxy's first health checks
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    /** Runs a one-shot command on a node of the tier; returns its stdout. */
    private static String command(Path repo, Path home, String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(repo.resolve("facilitysync").toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("FACILITYSYNC_HOME", home.toString());
        builder.environment().put("FACILITYSYNC_NO_BUILD", "1");
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed on " + home + ":\n" + out);
        }
        return out;
    }

    /**
     * A command on a node that just began serving: asked again while its models are still registering (a
     * node switching from its default SQLite store to PostgreSQL registers them again for a while).
     */
    private static String firstCommand(Path repo, Path home, String... args) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return command(repo, home, args);
            } catch (IllegalStateException e) {
                if (attempt >= 60 || !String.valueOf(e.getMessage()).contains("has no model")) {
                    throw e;
                }
                Thread.sleep(2000);
            }
        }
    }

    private static String find(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in:\n" + text);
        }
        return m.group(1);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, got '" + value + "'");
    }

    /** Samples PostgreSQL's running queries every 50 ms: how often one ran, and how many on average. */
    private static final class DatabaseSampler implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong samples = new AtomicLong();
        private final AtomicLong busy = new AtomicLong();
        private final AtomicLong active = new AtomicLong();
        private final Thread thread;

        DatabaseSampler(String jdbcUrl) {
            thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(jdbcUrl, "facilitysync", "");
                     Statement query = connection.createStatement()) {
                    while (running.get()) {
                        try (ResultSet rows = query.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE"
                                + " state = 'active' AND datname = current_database() AND pid <> pg_backend_pid()")) {
                            rows.next();
                            long now = rows.getLong(1);
                            samples.incrementAndGet();
                            active.addAndGet(now);
                            if (now > 0) {
                                busy.incrementAndGet();
                            }
                        }
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    System.err.println("bench hub: database sampling stopped: " + e);
                }
            }, "bench-hub-db-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        double busyShare() {
            return samples.get() == 0 ? 0 : (double) busy.get() / samples.get();
        }

        double meanActive() {
            return samples.get() == 0 ? 0 : (double) active.get() / samples.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(2000);
        }
    }
}
