package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.http.client.HttpPeer;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sqlite.SQLiteDataSource;

/**
 * A device whose disk fills up during a pull: on a real full filesystem (a small tmpfs; where this
 * process may not mount one, SQLite's {@code max_page_count} makes the same SQLITE_FULL), the pull ends
 * with one line that says the database is full and names its file, and the transfer resumes once there
 * is room.
 */
class DiskFullSyncTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static final String PROFILE = FacilityDataGenerator.PROFILE;
    private static final SyncOptions OPTIONS = SyncOptions.defaults().withChunkSize(500)
            .withTimeout(Duration.ofSeconds(60));
    /** Where no tmpfs can be mounted: pages of 4 KiB the device's database may have (the schema needs fewer). */
    private static final int PAGE_LIMIT = 600;

    @Test
    void aPullThatFillsTheDiskSaysSoAndNamesTheFile() throws Exception {
        Path mount = Files.createTempDirectory("facilitysync-full-");
        boolean mounted = !Boolean.getBoolean("diskfull.pageLimit")
                && run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString());
        try {
            Path file = mount.resolve("device.sqlite");
            SQLiteDataSource dataSource = new SQLiteDataSource();
            dataSource.setUrl(SqliteDialect.jdbcUrl(file));
            if (!mounted) {
                System.out.println("DiskFullSyncTest: cannot mount a small tmpfs here (needs root); the database is"
                        + " made full by SQLite's max_page_count instead, and resuming is not tried");
                dataSource.setMaxPageCount(PAGE_LIMIT);
            }
            try (ApiTestServer hub = new ApiTestServer(new LocalNode("hub", databases.migrated(DatabaseKind.SQLITE),
                    PROFILE, new FacilityDataProfile()));
                 LocalNode device = new LocalNode("device", databases.open(new TestDatabases.EmptyDatabase(
                         DatabaseKind.SQLITE, dataSource, file.toString()), new SqliteDialect()), PROFILE,
                         new FacilityDataProfile())) {
                IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
                hub.certificates().saveOwned(root);
                FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(1500), 7)
                        .withDatasetId(root.certificate().id());
                facility.records().forEach(record -> record.createIn(hub.node.records()));
                if (mounted) {
                    fill(mount.resolve("filler"), 256 * 1024);
                }
                HttpPeer peer = hub.devicePeer(root);
                try {
                    TransferResult pull = device.syncService().pull(peer, SyncFilter.of(facility.datasetId()), OPTIONS);
                    assertEquals(TransferStatus.ERRORED, pull.status(), pull::toString);
                    assertTrue(pull.error().matches("stage '[a-z]+' stopped: database " + file
                            + " is full: its disk has no room left \\(.*SQLITE_FULL.*\\); free some space"), pull.error());
                    assertFalse(pull.error().contains("Exception"), pull.error());

                    if (!mounted) {
                        return; // the page limit of pooled connections cannot be lifted
                    }
                    // once there is room again, the same transfer resumes to the end
                    Files.delete(mount.resolve("filler"));
                    TransferResult resumed = device.syncService().resume(pull.transferSessionId(), peer, OPTIONS);
                    assertTrue(resumed.succeeded(), resumed::toString);
                    assertEquals(storeRows(hub.node.database()), storeRows(device.database()));
                } finally {
                    peer.close();
                }
            }
        } finally {
            if (mounted) {
                run("umount", "-l", mount.toString());
            }
            try (var left = Files.list(mount)) {
                for (Path path : left.toList()) {
                    Files.delete(path);
                }
            }
            Files.deleteIfExists(mount);
        }
    }

    private static long storeRows(Database database) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT COUNT(*) FROM morango_store");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** Fills the filesystem of {@code filler} but for {@code spare} bytes. */
    private static void fill(Path filler, long spare) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace() - spare;
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            for (long written = 0; written + block.length <= free; written += block.length) {
                out.write(block);
            }
        }
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
