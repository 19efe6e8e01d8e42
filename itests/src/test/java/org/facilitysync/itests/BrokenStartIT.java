package org.facilitysync.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A node whose configuration or database is broken, driven through {@code ./facilitysync} as an
 * operator would: each says so in ONE line naming the cause and the file or setting, and ends at once
 * with a non-zero status; {@code serve} never claims to serve.
 */
public class BrokenStartIT {

    private NodeProcesses processes;
    private Path home;

    @Before
    public void newNodeHome() throws IOException {
        processes = new NodeProcesses("broken-");
        home = Files.createDirectories(processes.home("node").resolve("load")).getParent();
    }

    @After
    public void clean() throws Exception {
        home.toFile().setWritable(true);
        processes.close();
    }

    @Test
    public void anUnknownStorageTypeIsNamedWithItsFile() throws Exception {
        Path cfg = storageConfig("type = mongodb\n");
        NodeProcesses.Result result = run("facility:digest");
        assertOneLineFailure(result, cfg.toString(), "type = 'mongodb'", "not a database type");
    }

    @Test
    public void aUrlThatIsNotPostgresqlIsNamedWithItsFile() throws Exception {
        Path cfg = storageConfig("type = postgresql\npostgresql.url = jdbc:mysql://127.0.0.1/facilitysync\n");
        NodeProcesses.Result result = run("sync:status");
        assertOneLineFailure(result, cfg.toString(), "postgresql.url", "not a PostgreSQL JDBC URL");
    }

    @Test
    public void aGarbageDatabaseFileIsNamed() throws Exception {
        Path file = Files.createDirectories(home.resolve("data")).resolve("node.sqlite");
        byte[] garbage = new byte[256 * 1024];
        new Random(3).nextBytes(garbage);
        Files.write(file, garbage);
        NodeProcesses.Result result = run("facility:digest");
        assertOneLineFailure(result, file.toString(), "not a SQLite database");
        assertArrayEquals("the file is left as it was", garbage, Files.readAllBytes(file));
    }

    @Test
    public void aHomeWhereTheDatabaseCannotBeCreatedIsNamed() throws Exception {
        // Root may write anywhere, so the folder the database needs is blocked by a file instead.
        Files.writeString(home.resolve("data"), "not a folder");
        NodeProcesses.Result result = run("facility:digest");
        assertOneLineFailure(result, home.resolve("data").toString(), "sqlite.path", "cannot be created");
    }

    @Test
    public void aReadOnlyHomeIsNamed() throws Exception {
        assumeFalse("skipped: running as root, who may write into a read-only folder",
                "root".equals(System.getProperty("user.name")));
        for (String dir : List.of("run", "log")) {
            Files.createDirectories(home.resolve(dir));
        }
        assertTrue(home.toFile().setWritable(false));
        NodeProcesses.Result result = run("facility:digest");
        assertOneLineFailure(result, home.resolve("data").toString(), "sqlite.path");
    }

    @Test
    public void aDatabaseWhoseEngineTablesAreDamagedIsNamedAndNotServed() throws Exception {
        NodeProcesses.Result created = run("sync:facility", "create", "Riverside", "--admin", "admin", "--password", "s3cret");
        assertEquals(created.describe(), 0, created.status());
        NodeProcesses.Result generated = run("facility:generate", "--facility", datasetOf(created.out()), "--records", "300");
        assertEquals(generated.describe(), 0, generated.status());
        Path file = home.resolve("data/node.sqlite");
        overwriteRootPage(file, "morango_store");
        byte[] damaged = Files.readAllBytes(file);

        NodeProcesses.Result digest = run("facility:digest");
        assertOneLineFailure(digest, file.toString(), "damaged");
        assertEquals("no digest is printed", "", digest.out());
        assertArrayEquals("the damaged file is not written to", damaged, Files.readAllBytes(file));

        NodeProcesses.Result serve = run("serve");
        assertOneLineFailure(serve, file.toString(), "damaged");
        assertFalse("serve does not claim to serve:\n" + serve.out(), serve.out().contains("serving"));
    }

    @Test
    public void serveWithABrokenStorageSaysSoAndDoesNotServe() throws Exception {
        Path cfg = storageConfig("type = sqlite3\n");
        NodeProcesses.Result result = run("serve");
        assertOneLineFailure(result, cfg.toString(), "type = 'sqlite3'");
        assertFalse("serve does not claim to serve:\n" + result.out(), result.out().contains("serving"));
        assertFalse("the command port file is not left behind", Files.exists(home.resolve("run/command-port")));
    }

    @Test
    public void serveOnAPortInUseSaysSoAndDoesNotServe() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            NodeProcesses.Result result = run(Map.of("FACILITYSYNC_HTTP_PORT", Integer.toString(taken.getLocalPort())), "serve");
            assertOneLineFailure(result, "127.0.0.1:" + taken.getLocalPort(), "already in use",
                    "FACILITYSYNC_HTTP_PORT");
            assertFalse("serve does not claim to serve:\n" + result.out(), result.out().contains("serving"));
        }
    }

    @Test
    public void aFullDiskIsNamedByEveryCommand() throws Exception {
        Path mount = Files.createTempDirectory("broken-full-disk-");
        try {
            assumeTrue("skipped: cannot mount a small tmpfs here (needs root), so no disk can be filled",
                    exec("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString()));
            Path full = Files.createDirectories(mount.resolve("node/load")).getParent();
            Map<String, String> env = Map.of("FACILITYSYNC_HTTP_PORT", "0");
            NodeProcesses.Result created = processes.start(full, env,
                    "sync:facility", "create", "Riverside", "--admin", "admin", "--password", "s3cret").finish(2);
            assertEquals(created.describe(), 0, created.status());
            fill(mount.resolve("filler"));

            for (String command : List.of("sync:status", "sync:sessions", "facility:digest", "serve")) {
                NodeProcesses.Result result = processes.start(full, env, command).finish(2);
                assertOneLineFailure(result, "the disk holding " + full + " is full");
                assertFalse("serve does not claim to serve:\n" + result.out(), result.out().contains("serving"));
            }
        } finally {
            exec("umount", "-l", mount.toString());
            Files.deleteIfExists(mount);
        }
    }

    // -------------------------------------------------------------------------------------- helpers

    private static boolean exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** Writes zeros into {@code file} until its file system has no room left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[1 << 16];
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            // no space left on the device: the point of the exercise
        }
    }

    private Path storageConfig(String text) throws IOException {
        Path cfg = home.resolve("load/org.facilitysync.storage.cfg");
        Files.writeString(cfg, text);
        return cfg;
    }

    private static void assertOneLineFailure(NodeProcesses.Result result, String... mentions) {
        assertEquals(result.describe(), 1, result.status());
        List<String> lines = result.err().strip().lines().toList();
        assertEquals("exactly one line on stderr:\n" + result.describe(), 1, lines.size());
        String line = lines.get(0);
        assertTrue(line, line.startsWith("facilitysync: "));
        for (String mention : mentions) {
            assertTrue("the line names '" + mention + "': " + line, line.contains(mention));
        }
        assertFalse(line, line.contains("unknown command"));
    }

    private static String datasetOf(String createOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dataset ([0-9a-f]{32})").matcher(createOutput);
        assertTrue(createOutput, m.find());
        return m.group(1);
    }

    /** Noise over the first page of one of the engine's own tables, as a disk or a bad copy would leave. */
    private static void overwriteRootPage(Path file, String table) throws Exception {
        long page;
        int pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (ResultSet rows = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'")) {
                assertTrue(rows.next());
                page = rows.getLong(1);
            }
            try (ResultSet rows = s.executeQuery("PRAGMA page_size")) {
                rows.next();
                pageSize = rows.getInt(1);
            }
        }
        byte[] noise = new byte[pageSize];
        new Random(5).nextBytes(noise);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek((page - 1) * pageSize);
            raf.write(noise);
        }
    }

    /**
     * Runs {@code ./facilitysync args} on the home. It must end by itself: a run that waited for the
     * settle timeout would also have printed why it did not settle, which the one-line checks refuse.
     */
    private NodeProcesses.Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private NodeProcesses.Result run(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("FACILITYSYNC_HTTP_PORT", "0"));
        all.putAll(env);
        return processes.start(home, all, args).finish(2);
    }
}
