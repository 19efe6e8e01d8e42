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
import org.facilitysync.api.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferResult;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.sqlite.SQLiteDataSource;

/**
 * {@code ./facilitysync bench local --records N}: two nodes in this process, each on its own SQLite
 * file, synced through the real pipeline and engine. Prints figures; asserts nothing.
 *
 * <ol>
 * <li>generate N facility records on node A;</li>
 * <li>full pull to node B: seconds per stage, records/s, peak heap;</li>
 * <li>change {@code --changes} records on A and pull again;</li>
 * <li>pull with nothing changed.</li>
 * </ol>
 */
public final class LocalBenchmark {

    private static final String PROFILE = FacilityDataGenerator.PROFILE;

    public static void main(String[] args) throws Exception {
        long records = 100_000;
        int chunkSize = SyncOptions.DEFAULT_CHUNK_SIZE;
        int changes = 1_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(value(args, ++i, "--records"));
                case "--chunk-size" -> chunkSize = Integer.parseInt(value(args, ++i, "--chunk-size"));
                case "--changes" -> changes = Integer.parseInt(value(args, ++i, "--changes"));
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; expected --records N, --chunk-size N, --changes N, --dir DIR");
            }
        }
        run(records, chunkSize, changes, dir == null ? Files.createTempDirectory("facilitysync-bench-") : dir);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    static void run(long records, int chunkSize, int changes, Path dir) throws IOException {
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
            TransferResult full = b.syncService().pull(a.asPeer(), filter, options);
            printTransfer("full pull A -> B", full);

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
            TransferResult incremental = b.syncService().pull(a.asPeer(), filter, options);
            printTransfer("incremental pull of " + ids.size() + " changes", incremental);

            TransferResult idle = b.syncService().pull(a.asPeer(), filter, options);
            printTransfer("pull with nothing changed", idle);
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
        result.failure().ifPresent(error -> System.out.println("  error: " + error));
    }

    private static void report(String what, long count, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d in %.3f s = %,.0f/s%n", what, count, seconds,
                count / Math.max(seconds, 1e-9));
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
