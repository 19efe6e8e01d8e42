package org.facilitysync.core.internal.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.PostgresDialect;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.core.testsupport.PostgresTestServer;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * The process {@link CrashResumeTest} kills: opens a hub and a device from their databases (SQLite files
 * or PostgreSQL databases) and runs
 * one pull or push between them, with an operation registered ahead of the engine in one node's pipeline
 * for one stage. On the {@code call}-th time that stage reaches it, the operation prints
 * {@link #MARKER} and then either blocks for ever ({@code block}: the kill lands before the engine's
 * part of that step) or lets the engine go on ({@code mark}: the parent kills a few ms later, somewhere
 * inside the stage's database work; the next stage blocks, so the kill never lands later than its start).
 *
 * <p>With {@code peer-before} or {@code peer-after} in place of the node, the kill point is instead the
 * {@code call}-th request of that stage from the device to the hub (chunks: {@code sendBuffers} on a push,
 * the progress report after each received chunk on a pull; cleanup: {@code deleteTransferSession}), before
 * it is sent (the device's own work for the step is committed, the hub has not heard of it) or after the
 * hub answered (the hub's work is committed, the device has not recorded the answer). With
 * {@code peer-ahead}, the kill point is the {@code call}-th chunk the device makes ready ahead (a pull's
 * page fetch, a push's chunk preparation; see {@link ChunkPipeline}): that thread marks and blocks while
 * the device goes on storing or sending the current chunk, where the kill lands.
 *
 * <p>Arguments: hubLocation deviceLocation (see {@link #open(String, String)}) datasetId pull|push device|hub|peer-before|peer-after|peer-ahead stage call
 * block|mark chunkSize
 */
public final class CrashChildMain {

    static final String MARKER = "@@CRASH-POINT@@";
    static final String FINISHED = "@@FINISHED@@";
    /** A node location naming a database on the test PostgreSQL server rather than a SQLite file. */
    static final String POSTGRESQL_PREFIX = "postgresql:";
    private static final int POSTGRESQL_POOL_SIZE = 4;

    private CrashChildMain() {
    }

    public static void main(String[] args) throws Exception {
        String hubLocation = args[0];
        String deviceLocation = args[1];
        String datasetId = args[2];
        boolean push = args[3].equals("push");
        boolean onHub = args[4].equals("hub");
        SyncStage stage = SyncStage.fromWireName(args[5]);
        int call = Integer.parseInt(args[6]);
        boolean block = args[7].equals("block");
        int chunkSize = Integer.parseInt(args[8]);

        try (LocalNode hub = open("hub", hubLocation); LocalNode device = open("device", deviceLocation)) {
            AtomicInteger calls = new AtomicInteger();
            // In mark mode the kill must still land in (or just after) the marked stage, however slowly the
            // parent reacts: the next stage blocks.
            SyncStage next = stage == SyncStage.CLEANUP ? stage : SyncStage.values()[stage.ordinal() + 1];
            SyncOperation killPoint = context -> {
                if (!block && context.stage() == next && next != stage) {
                    while (true) {
                        Thread.sleep(60_000);
                    }
                }
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
            PeerConnection peer = hub.asPeer();
            if (args[4].startsWith("peer-")) {
                peer = new KillingPeer(peer, stage, call, args[4].substring("peer-".length()));
            } else {
                (onHub ? hub : device).pipeline().registerEmbedded(-1_000_000, killPoint, 0, EnumSet.of(stage, next),
                        "crash test kill point");
            }
            SyncOptions options = SyncOptions.defaults().withChunkSize(chunkSize).withTimeout(Duration.ofMinutes(2));
            SyncFilter filter = SyncFilter.of(datasetId);
            TransferResult result = push ? device.syncService().push(peer, filter, options)
                    : device.syncService().pull(peer, filter, options);
            System.out.println(FINISHED + " " + result);
            System.out.flush();
        }
    }

    private static void markAndBlock(String what, String transferSessionId) {
        System.out.println(MARKER + " " + what + " " + transferSessionId);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The hub as the device's peer, blocking before or after the chosen request. */
    private static final class KillingPeer implements PeerConnection {

        private final PeerConnection peer;
        private final SyncStage stage;
        private final boolean after;
        private final boolean ahead;
        private int callsLeft;

        KillingPeer(PeerConnection peer, SyncStage stage, int call, String when) {
            this.peer = peer;
            this.stage = stage;
            this.callsLeft = call;
            this.after = when.equals("after");
            this.ahead = when.equals("ahead");
        }

        private synchronized boolean isKillPoint(SyncStage requestStage) {
            return !ahead && requestStage == stage && --callsLeft == 0;
        }

        /** The call-th chunk made ready ahead (a page fetched, a chunk prepared) marks and blocks its thread. */
        private synchronized boolean isAheadKillPoint() {
            return ahead && --callsLeft == 0;
        }

        @Override public String description() { return "killing " + peer.description(); }
        @Override public Set<String> capabilities() { return peer.capabilities(); }
        @Override public String syncSession(String profile, String clientInstanceId) {
            return peer.syncSession(profile, clientInstanceId);
        }
        @Override public RemoteTransferSession createTransferSession(String id, String syncSessionId, SyncFilter filter,
                boolean push) {
            return peer.createTransferSession(id, syncSessionId, filter, push);
        }
        @Override public Optional<RemoteTransferSession> transferSession(String id) { return peer.transferSession(id); }
        @Override public RemoteTransferSession updateTransferSession(String id, TransferSessionUpdate update) {
            boolean kill = isKillPoint(update.stage());
            if (kill && !after) {
                markAndBlock("before update " + update, id);
            }
            RemoteTransferSession answer = peer.updateTransferSession(id, update);
            if (kill) {
                markAndBlock("after update " + update, id);
            }
            return answer;
        }
        @Override public List<BufferRecord> buffers(String id, long offset, int limit) {
            if (isAheadKillPoint()) {
                markAndBlock("fetching the page at " + offset + " ahead", id);
            }
            return peer.buffers(id, offset, limit);
        }
        @Override public Runnable prepareBuffers(String id, List<BufferRecord> records) {
            if (isAheadKillPoint()) {
                markAndBlock("preparing a chunk ahead", id);
            }
            return () -> sendBuffers(id, records);
        }
        @Override public void sendBuffers(String id, List<BufferRecord> records) {
            boolean kill = isKillPoint(SyncStage.TRANSFERRING);
            if (kill && !after) {
                markAndBlock("before sendBuffers", id);
            }
            peer.sendBuffers(id, records);
            if (kill) {
                markAndBlock("after sendBuffers", id);
            }
        }
        @Override public void deleteTransferSession(String id) {
            boolean kill = isKillPoint(SyncStage.CLEANUP);
            if (kill && !after) {
                markAndBlock("before deleteTransferSession", id);
            }
            peer.deleteTransferSession(id);
            if (kill) {
                markAndBlock("after deleteTransferSession", id);
            }
        }
        @Override public long bytesSent() { return peer.bytesSent(); }
        @Override public long bytesReceived() { return peer.bytesReceived(); }
        @Override public void close() { peer.close(); }
    }

    /**
     * A node on {@code location}: a SQLite file's path, or {@value #POSTGRESQL_PREFIX} and a database
     * name on the JVM's {@link PostgresTestServer} (the parent hands its server to the child through
     * {@link PostgresTestServer#URL_VARIABLE} and its siblings, so the child reaches the same one).
     */
    static LocalNode open(String name, String location) {
        if (!location.startsWith(POSTGRESQL_PREFIX)) {
            return open(name, Path.of(location));
        }
        PostgresTestServer server = PostgresTestServer.get();
        String url = server.url(location.substring(POSTGRESQL_PREFIX.length()));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(server.user());
        if (server.password() != null) {
            dataSource.setPassword(server.password());
        }
        Database database = DatabaseStartup.open(dataSource, new PostgresDialect(), url, POSTGRESQL_POOL_SIZE);
        return new LocalNode(name, database, FacilityDataGenerator.PROFILE, new FacilityDataProfile());
    }

    static LocalNode open(String name, Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        Database database = DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE);
        return new LocalNode(name, database, FacilityDataGenerator.PROFILE, new FacilityDataProfile());
    }
}
