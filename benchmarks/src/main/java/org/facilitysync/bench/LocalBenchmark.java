package org.facilitysync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.storage.BeforeIssue12;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.launcher.RawSqliteBaseline;
import org.sqlite.SQLiteDataSource;

/**
 * {@code ./facilitysync bench local --records N}: two nodes in this process, each on its own SQLite
 * file, synced through the real pipeline and engine. Prints figures; asserts nothing.
 *
 * <ol>
 * <li>generate N facility records on node A;</li>
 * <li>full pull to node B: seconds per stage, records/s, peak heap, MiB written, and the raw-SQLite
 * baseline of B's rows with the ratio;</li>
 * <li>N more records generated on B, full push to A;</li>
 * <li>change {@code --changes} records on A and pull again;</li>
 * <li>pull with nothing changed.</li>
 * </ol>
 *
 * <p>{@code --compare} runs it twice, through the transfer path before issue #12 and the current one, and
 * prints the ratios.
 */
public final class LocalBenchmark {

    private static final String PROFILE = FacilityDataGenerator.PROFILE;

    public static void main(String[] args) throws Exception {
        long records = 100_000;
        int chunkSize = SyncOptions.DEFAULT_CHUNK_SIZE;
        int changes = 1_000;
        Path dir = null;
        boolean compare = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(value(args, ++i, "--records"));
                case "--chunk-size" -> chunkSize = Integer.parseInt(value(args, ++i, "--chunk-size"));
                case "--changes" -> changes = Integer.parseInt(value(args, ++i, "--changes"));
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--compare" -> compare = true;
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; expected --records N, --chunk-size N, --changes N, --dir DIR, --compare");
            }
        }
        dir = dir == null ? Files.createTempDirectory("facilitysync-bench-") : dir;
        if (!compare) {
            run(records, chunkSize, changes, dir);
            return;
        }
        System.out.println("bench local --compare: the same scenario through the paths before issue #12 ("
                + BeforeIssue12.PROPERTY + "=true) and the current one, one after the other");
        // Both paths in one JVM: a first, smaller run compiles the code both share, so that the first path
        // measured does not pay for the JIT alone.
        System.out.println("warm-up (not compared):");
        run(Math.max(1_000, records / 5), chunkSize, changes, dir.resolve("warm-up"));
        System.setProperty(BeforeIssue12.PROPERTY, "true");
        Figures before;
        try {
            before = run(records, chunkSize, changes, dir.resolve("before"));
        } finally {
            System.clearProperty(BeforeIssue12.PROPERTY);
        }
        Figures after = run(records, chunkSize, changes, dir.resolve("after"));
        System.out.printf(Locale.ROOT, "compare %,d records:        before      after   after/before%n", records);
        System.out.printf(Locale.ROOT, "  full pull records/s  %9.0f  %9.0f   %.2fx%n", before.pull(), after.pull(),
                after.pull() / before.pull());
        System.out.printf(Locale.ROOT, "  full push records/s  %9.0f  %9.0f   %.2fx%n", before.push(), after.push(),
                after.push() / before.push());
        System.out.printf(Locale.ROOT, "  CPU s (pull + push)  %9.2f  %9.2f   %.2fx%n", before.cpuSeconds(),
                after.cpuSeconds(), after.cpuSeconds() / before.cpuSeconds());
    }

    /** One scenario's full pull and full push in records/s, and the process CPU both took. */
    record Figures(double pull, double push, double cpuSeconds) {
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    static Figures run(long records, int chunkSize, int changes, Path dir) throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "bench local: %,d records, chunk size %d, SQLite files in %s, max heap %d MiB%n",
                records, chunkSize, dir, Runtime.getRuntime().maxMemory() >> 20);
        try (LocalNode a = node("A", dir.resolve("a.sqlite")); LocalNode b = node("B", dir.resolve("b.sqlite"))) {
            FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(records), 1);
            long start = System.nanoTime();
            long created = generate(a.records(), facility);
            report("generate on A (application writes, 5,000 per transaction)", created, System.nanoTime() - start);

            SyncFilter filter = SyncFilter.of(facility.datasetId());
            SyncOptions options = SyncOptions.defaults().withChunkSize(chunkSize).withTimeout(Duration.ofHours(6));
            resetPeakHeap();
            markIo();
            long cpu = ioCounters()[3];
            IoSampler sampler = new IoSampler();
            TransferResult full;
            try {
                full = b.syncService().pull(a.asPeer(), filter, options);
            } finally {
                sampler.stop();
            }
            printTransfer("full pull A -> B", full);
            sampler.printPerStage(full);
            double pullSeconds = full.elapsed().toNanos() / 1e9;
            System.out.println("  " + new RawSqliteBaseline(new org.sqlite.JDBC())
                    .measure(dir.resolve("b.sqlite"), dir.resolve("baseline.sqlite")).describe(pullSeconds));
            long cpuSpent = ioCounters()[3] - cpu;

            String[] facilityId = new String[1];
            a.records().forEach(PROFILE, "facility", r -> facilityId[0] = r.id());
            start = System.nanoTime();
            created = generate(b.records(), new FacilityDataGenerator(GeneratorSpec.ofRecords(records), 2)
                    .intoFacility(facility.datasetId(), facilityId[0]));
            report("generate on B into the same facility", created, System.nanoTime() - start);
            resetPeakHeap();
            markIo();
            cpu = ioCounters()[3];
            TransferResult push = b.syncService().push(a.asPeer(), filter, options);
            printTransfer("full push B -> A", push);
            cpuSpent += ioCounters()[3] - cpu;

            List<String> ids = new ArrayList<>();
            a.records().forEach(PROFILE, "contentsummarylog", r -> {
                if (ids.size() < changes) {
                    ids.add(r.id());
                }
            });
            start = System.nanoTime();
            for (String id : ids) {
                a.records().update(PROFILE, "contentsummarylog", id, Map.of("progress", 0.25));
            }
            report("change " + ids.size() + " records on A", ids.size(), System.nanoTime() - start);
            markIo();
            TransferResult incremental = b.syncService().pull(a.asPeer(), filter, options);
            printTransfer("incremental pull of " + ids.size() + " changes", incremental);

            markIo();
            TransferResult idle = b.syncService().pull(a.asPeer(), filter, options);
            printTransfer("pull with nothing changed", idle);
            return new Figures(full.recordsTransferred() / pullSeconds,
                    push.recordsTransferred() / (push.elapsed().toNanos() / 1e9), cpuSpent / 1e9);
        }
    }

    /** Writes the facility in transactions of 5,000 records, as an application importing data would. */
    private static long generate(SyncRecords records, FacilityDataGenerator facility) {
        Iterator<GeneratedRecord> all = facility.iterator();
        long created = 0;
        while (all.hasNext()) {
            List<GeneratedRecord> batch = new ArrayList<>(5_000);
            while (all.hasNext() && batch.size() < 5_000) {
                batch.add(all.next());
            }
            try {
                records.inTransaction(tx -> {
                    batch.forEach(record -> record.createIn(tx));
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException("generating the facility failed: " + e.getMessage(), e);
            }
            created += batch.size();
            if (created % 100_000 < 5_000 && created >= 100_000) {
                System.out.printf(Locale.ROOT, "  generated %,d records%n", created);
            }
        }
        return created;
    }

    private static LocalNode node(String name, Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        Database database = DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE);
        return new LocalNode(name, database, PROFILE, new FacilityDataProfile());
    }

    private static void printTransfer(String what, TransferResult result) {
        double seconds = result.elapsed().toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "%s: %s, %,d records in %.3f s = %,.0f records/s, peak heap %d MiB%n", what,
                result.status().wireName(), result.recordsTransferred(), seconds,
                result.recordsTransferred() / Math.max(seconds, 1e-9), peakHeapMiB());
        StringBuilder stages = new StringBuilder("  stages:");
        for (SyncStage stage : SyncStage.values()) {
            Duration time = result.stageTimes().get(stage);
            if (time != null) {
                stages.append(String.format(Locale.ROOT, " %s %.3f s;", stage.wireName(), time.toNanos() / 1e9));
            }
        }
        System.out.println(stages);
        System.out.println("  " + ioSinceMark());
        result.failure().ifPresent(error -> System.out.println("  error: " + error));
    }

    private static void report(String what, long count, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d in %.3f s = %,.0f/s%n", what, count, seconds,
                count / Math.max(seconds, 1e-9));
    }

    /**
     * Samples the bytes this process hands to write calls every 20 ms, so that the writes of each stage
     * can be told apart (stages run one after another; their windows follow from their durations).
     */
    private static final class IoSampler {
        private final long start = System.nanoTime();
        private final List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;

        IoSampler() {
            thread = new Thread(() -> {
                while (running) {
                    samples.add(new long[] {System.nanoTime() - start, ioCounters()[4]});
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "io-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
            samples.add(new long[] {System.nanoTime() - start, ioCounters()[4]});
        }

        private long at(long nanos) {
            long value = samples.get(0)[1];
            for (long[] sample : samples) {
                if (sample[0] > nanos) {
                    break;
                }
                value = sample[1];
            }
            return value;
        }

        void printPerStage(TransferResult result) {
            StringBuilder line = new StringBuilder("  MiB written per stage:");
            long from = 0;
            for (SyncStage stage : SyncStage.values()) {
                Duration time = result.stageTimes().get(stage);
                if (time != null) {
                    long to = from + time.toNanos();
                    line.append(String.format(Locale.ROOT, " %s %,d;", stage.wireName(), (at(to) - at(from)) >> 20));
                    from = to;
                }
            }
            System.out.println(line);
        }
    }

    private static long[] ioMark = new long[5];

    /**
     * Read and write system calls, and process CPU time, since the last mark: on a shared machine wall
     * time is noisy, but these are not (SQLite reads and writes one page per call; Linux only).
     */
    private static void markIo() {
        ioMark = ioCounters();
    }

    private static String ioSinceMark() {
        long[] now = ioCounters();
        return String.format(Locale.ROOT, "process: %,d read calls, %,d write calls, %,d MiB written (%,d MiB to disk), CPU %.3f s",
                now[0] - ioMark[0], now[1] - ioMark[1], (now[4] - ioMark[4]) >> 20, (now[2] - ioMark[2]) >> 20, (now[3] - ioMark[3]) / 1e9);
    }

    private static long[] ioCounters() {
        long[] counters = new long[5];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                String[] parts = line.split(":\\s*");
                switch (parts[0]) {
                    case "syscr" -> counters[0] = Long.parseLong(parts[1].strip());
                    case "syscw" -> counters[1] = Long.parseLong(parts[1].strip());
                    case "write_bytes" -> counters[2] = Long.parseLong(parts[1].strip());
                    case "wchar" -> counters[4] = Long.parseLong(parts[1].strip());
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: leave the counts at zero.
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            counters[3] = os.getProcessCpuTime();
        }
        return counters;
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
