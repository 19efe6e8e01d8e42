package org.facilitysync.bench;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.engine.PeerConnection;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.http.client.RequestTimes;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.extras.BackgroundExtras;
import org.facilitysync.extras.SyncExtrasComponent;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.sqlite.SQLiteDataSource;

/**
 * {@code ./facilitysync bench extras --records N}: a push of N facility records from a device to a hub,
 * once with the hub's background finalization off and once on, then a pull of N records from the hub
 * with background initialization off and on; each on fresh SQLite files. Prints the total time and
 * the longest single server call; asserts nothing. With {@code --http} the device reaches the hub over
 * real HTTP on 127.0.0.1 (the hub's API servlet in an embedded Jetty, the device on {@code HttpPeer}),
 * and the count and longest of the actual HTTP requests are printed too; without it the device calls
 * the hub in-process (each call stands for one request; a poll over HTTP is a GET, sometimes a PATCH).
 */
public final class ExtrasBenchmark {

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final AtomicLong IDS = new AtomicLong(-2_000_000);

    public static void main(String[] args) throws Exception {
        long records = 100_000;
        int chunkSize = SyncOptions.DEFAULT_CHUNK_SIZE;
        Path dir = null;
        boolean http = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(value(args, ++i, "--records"));
                case "--chunk-size" -> chunkSize = Integer.parseInt(value(args, ++i, "--chunk-size"));
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--http" -> http = true;
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; expected --records N, --chunk-size N, --dir DIR, --http");
            }
        }
        Path base = dir == null ? Files.createTempDirectory("facilitysync-bench-extras-") : dir;
        System.out.printf(Locale.ROOT, "bench extras: %,d records, chunk size %d, %s, SQLite files in %s%n",
                records, chunkSize, http ? "over HTTP on 127.0.0.1" : "in-process peer", base);
        for (boolean push : List.of(true, false)) {
            for (boolean background : List.of(false, true)) {
                run(records, chunkSize, base.resolve((push ? "push-" : "pull-") + (background ? "on" : "off")),
                        background, push, http);
            }
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** The extras' configuration with one mode switched as asked and the rest at its defaults (as SCR makes it). */
    private static SyncExtrasComponent.Config extrasConfig(boolean push, boolean background) {
        String switched = push ? "background_finalization" : "background_initialization";
        return (SyncExtrasComponent.Config) Proxy.newProxyInstance(SyncExtrasComponent.Config.class.getClassLoader(),
                new Class<?>[] {SyncExtrasComponent.Config.class}, (proxy, attribute, args) ->
                        attribute.getName().equals(switched) ? String.valueOf(background) : attribute.getDefaultValue());
    }

    private static void run(long records, int chunkSize, Path dir, boolean background, boolean push, boolean http)
            throws Exception {
        Files.createDirectories(dir);
        try (LocalNode hub = node("hub", dir.resolve("hub.sqlite")); LocalNode device = node("device",
                dir.resolve("device.sqlite"));
                BackgroundExtras extras = new BackgroundExtras(hub.pipeline(), extrasConfig(push, background),
                        List.of())) {
            extras.registerAll((operation, priority, stages) -> hub.pipeline().registerEmbedded(IDS.getAndDecrement(),
                    operation, priority, stages, "org.facilitysync.extras (benchmark)"));
            HttpHub httpHub = http ? new HttpHub(hub) : null;
            HttpPeer httpPeer = http ? httpHub.peer(PROFILE) : null;
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(records), 1);
            if (http) {
                facility = facility.withDatasetId(httpHub.datasetId()); // what the hub's certificate covers
            }
            generate(push ? device : hub, facility);
            TimedPeer toHub = new TimedPeer(http ? httpPeer : hub.asPeer());
            SyncOptions options = SyncOptions.defaults().withChunkSize(chunkSize).withTimeout(Duration.ofHours(6));
            long start = System.nanoTime();
            SyncFilter filter = SyncFilter.of(facility.datasetId());
            TransferResult result = push ? device.syncService().push(toHub, filter, options)
                    : device.syncService().pull(toHub, filter, options);
            double seconds = (System.nanoTime() - start) / 1e9;
            extras.awaitIdle(Duration.ofHours(1));
            double untilIdle = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s, background %s %-3s: %s, %,d records, client done in %.3f s"
                    + " (hub idle after %.3f s), %d server calls, longest %.3f s (%s)%n", push ? "push" : "pull",
                    push ? "finalization" : "initialization", background ? "on" : "off", result.status().wireName(),
                    result.recordsTransferred(), seconds, untilIdle,
                    toHub.calls, toHub.longestNanos / 1e9, toHub.longestCall);
            if (http) {
                RequestTimes requests = httpPeer.client().requestTimes();
                System.out.printf(Locale.ROOT, "    %d HTTP requests, longest %.3f s (%s)%n", requests.count(),
                        requests.longestDuration().toNanos() / 1e9,
                        requests.longest().map(r -> r.method() + " " + r.uri().getPath()).orElse("none"));
                httpPeer.close();
                httpHub.close();
            }
        }
    }

    private static void generate(LocalNode node, FacilityDataGenerator facility) throws Exception {
        Iterator<GeneratedRecord> all = facility.iterator();
        while (all.hasNext()) {
            List<GeneratedRecord> batch = new java.util.ArrayList<>(5_000);
            while (all.hasNext() && batch.size() < 5_000) {
                batch.add(all.next());
            }
            node.records().inTransaction(tx -> {
                batch.forEach(record -> record.createIn(tx));
                return null;
            });
        }
    }

    private static LocalNode node(String name, Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        Database database = DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE);
        return new LocalNode(name, database, PROFILE, new FacilityDataProfile());
    }

    /** The hub as the device's peer, timing every call. */
    private static final class TimedPeer implements PeerConnection {
        private final PeerConnection peer;
        private long longestNanos;
        private String longestCall = "none";
        private int calls;

        TimedPeer(PeerConnection peer) {
            this.peer = peer;
        }

        private synchronized void note(String call, long nanos) {
            calls++;
            if (nanos > longestNanos) {
                longestNanos = nanos;
                longestCall = call;
            }
        }

        private <T> T timed(String call, Supplier<T> body) {
            long start = System.nanoTime();
            try {
                return body.get();
            } finally {
                note(call, System.nanoTime() - start);
            }
        }

        @Override public String description() { return peer.description(); }
        @Override public Set<String> capabilities() { return peer.capabilities(); }
        @Override public String syncSession(String profile, String clientInstanceId) {
            return timed("open sync session", () -> peer.syncSession(profile, clientInstanceId));
        }
        @Override public RemoteTransferSession createTransferSession(String id, String syncSessionId,
                SyncFilter filter, boolean push) {
            return timed("create transfer session", () -> peer.createTransferSession(id, syncSessionId, filter, push));
        }
        @Override public Optional<RemoteTransferSession> transferSession(String id) {
            return timed("get transfer session", () -> peer.transferSession(id));
        }
        @Override public RemoteTransferSession updateTransferSession(String id, TransferSessionUpdate update) {
            return timed("update to " + (update.stage() == null ? "-" : update.stage().wireName()),
                    () -> peer.updateTransferSession(id, update));
        }
        @Override public List<BufferRecord> buffers(String id, long offset, int limit) {
            return timed("get buffers", () -> peer.buffers(id, offset, limit));
        }
        @Override public void sendBuffers(String id, List<BufferRecord> records) {
            timed("post buffers", () -> {
                peer.sendBuffers(id, records);
                return null;
            });
        }
        @Override public void deleteTransferSession(String id) {
            timed("delete transfer session (cleanup)", () -> {
                peer.deleteTransferSession(id);
                return null;
            });
        }
        @Override public long bytesSent() { return peer.bytesSent(); }
        @Override public long bytesReceived() { return peer.bytesReceived(); }
        @Override public void close() { peer.close(); }
    }
}
