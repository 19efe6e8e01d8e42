package org.facilitysync.core.internal.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferResult;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.sqlite.SQLiteDataSource;

/**
 * The process {@link CrashResumeTest} kills: opens a hub and a device from their SQLite files and runs
 * one pull or push between them, with an operation registered ahead of the engine in one node's pipeline
 * for one stage. On the {@code call}-th time that stage reaches it, the operation prints
 * {@link #MARKER} and then either blocks for ever ({@code block}: the kill lands before the engine's
 * part of that step) or lets the engine go on ({@code mark}: the parent kills a few ms later, somewhere
 * inside the stage's database work).
 *
 * <p>Arguments: hubFile deviceFile datasetId pull|push device|hub stage call block|mark chunkSize
 */
public final class CrashChildMain {

    static final String MARKER = "@@CRASH-POINT@@";
    static final String FINISHED = "@@FINISHED@@";

    private CrashChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Path hubFile = Path.of(args[0]);
        Path deviceFile = Path.of(args[1]);
        String datasetId = args[2];
        boolean push = args[3].equals("push");
        boolean onHub = args[4].equals("hub");
        SyncStage stage = SyncStage.fromWireName(args[5]);
        int call = Integer.parseInt(args[6]);
        boolean block = args[7].equals("block");
        int chunkSize = Integer.parseInt(args[8]);

        try (LocalNode hub = open("hub", hubFile); LocalNode device = open("device", deviceFile)) {
            AtomicInteger calls = new AtomicInteger();
            SyncOperation killPoint = context -> {
                if (context.stage() == stage && calls.incrementAndGet() == call) {
                    System.out.println(MARKER + " " + stage.wireName() + " " + context.transferSessionId());
                    System.out.flush();
                    if (block) {
                        while (true) {
                            Thread.sleep(60_000);
                        }
                    }
                }
                return StageResult.SKIPPED;
            };
            (onHub ? hub : device).pipeline().registerEmbedded(-1_000_000, killPoint, 0, Set.of(stage),
                    "crash test kill point");
            SyncOptions options = SyncOptions.defaults().withChunkSize(chunkSize).withTimeout(Duration.ofMinutes(2));
            SyncFilter filter = SyncFilter.of(datasetId);
            TransferResult result = push ? device.syncService().push(hub.asPeer(), filter, options)
                    : device.syncService().pull(hub.asPeer(), filter, options);
            System.out.println(FINISHED + " " + result);
            System.out.flush();
        }
    }

    static LocalNode open(String name, Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        Database database = DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE);
        return new LocalNode(name, database, FacilityDataGenerator.PROFILE, new FacilityDataProfile());
    }
}
