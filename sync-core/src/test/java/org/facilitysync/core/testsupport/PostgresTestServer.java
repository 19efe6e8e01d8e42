package org.facilitysync.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for tests: one per JVM, started on first use and stopped at JVM exit.
 *
 * <p>With {@code FACILITYSYNC_TEST_PG_URL} (and {@code _USER}, {@code _PASSWORD}) set, that server is
 * used; its user must be allowed to create databases. Otherwise the server binaries of the machine's
 * PostgreSQL package ({@code /usr/lib/postgresql/<version>/bin}) make a throwaway cluster under
 * {@code target/}: {@code initdb}, then {@code pg_ctl start} on 127.0.0.1 with a free port, its socket
 * in the cluster folder, and fsync off (test data need not survive a crash). As root (CI) both run as
 * the {@code postgres} OS user through {@code runuser}, since initdb refuses root. Without binaries the
 * tests fail and say how to install them: the storage must be tested on a real PostgreSQL.
 */
public final class PostgresTestServer {

    public static final String URL_VARIABLE = "FACILITYSYNC_TEST_PG_URL";
    public static final String USER_VARIABLE = "FACILITYSYNC_TEST_PG_USER";
    public static final String PASSWORD_VARIABLE = "FACILITYSYNC_TEST_PG_PASSWORD";

    /** What CI runs; the message of a missing server repeats it. */
    public static final String INSTALL_COMMAND = "apt-get install -y postgresql";

    private static final String OS_USER = "postgres";
    private static final long START_TIMEOUT_SECONDS = 60;

    private static PostgresTestServer instance;

    private final String baseUrl;
    private final String user;
    private final String password;
    private final String description;

    private PostgresTestServer(String baseUrl, String user, String password, String description) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.description = description;
    }

    /** The server, started on the first call of this JVM. */
    public static synchronized PostgresTestServer get() {
        if (instance == null) {
            String url = System.getenv(URL_VARIABLE);
            instance = url != null && !url.isBlank() ? external(url.strip()) : startLocal();
        }
        return instance;
    }

    /** A JDBC URL of database {@code database} on this server. */
    public String url(String database) {
        return baseUrl + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Opens a connection to {@code database} as the server's administrative user. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url(database), properties);
    }

    /** Creates database {@code name} (an unquoted lowercase identifier). */
    public void createDatabase(String name) throws SQLException {
        try (Connection admin = connect(maintenanceDatabase()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /** Drops database {@code name}, disconnecting whoever is still in it. */
    public void dropDatabase(String name) throws SQLException {
        try (Connection admin = connect(maintenanceDatabase()); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private String maintenanceDatabase() {
        return "postgres";
    }

    private static PostgresTestServer external(String url) {
        // jdbc:postgresql://host:port/database -> jdbc:postgresql://host:port/ (databases are made per test class)
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        String base = slash < 0 ? url + "/" : url.substring(0, slash + 1);
        String user = System.getenv(USER_VARIABLE);
        return new PostgresTestServer(base, user == null ? "" : user, System.getenv(PASSWORD_VARIABLE),
                "PostgreSQL at " + base + " (from " + URL_VARIABLE + ")");
    }

    private static PostgresTestServer startLocal() {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path base = clusterBase(root);
            Path cluster = base.resolve("pg-" + ProcessHandle.current().pid());
            stopStaleClusters(base, bin, root, cluster);
            Path data = cluster.resolve("data");
            Files.createDirectories(cluster);
            if (root) {
                chownToPostgres(cluster);
            }
            run(root, cluster.resolve("initdb.log"), bin.resolve("initdb").toString(), "-D", data.toString(),
                    "-U", OS_USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            int port = -1;
            IOException lastFailure = null;
            for (int attempt = 0; attempt < 3 && port < 0; attempt++) {
                int candidate = freePort();
                try {
                    run(root, cluster.resolve("pg_ctl-start.log"), bin.resolve("pg_ctl").toString(), "-D",
                            data.toString(), "-l", cluster.resolve("server.log").toString(), "-w", "-t",
                            String.valueOf(START_TIMEOUT_SECONDS), "-o",
                            "-h 127.0.0.1 -p " + candidate + " -k " + cluster
                                    + " -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
                    port = candidate;
                } catch (IOException e) {
                    lastFailure = e;
                }
            }
            if (port < 0) {
                throw lastFailure;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, data, root), "stop test PostgreSQL"));
            return new PostgresTestServer("jdbc:postgresql://127.0.0.1:" + port + "/", OS_USER, null,
                    "throwaway PostgreSQL (" + bin.getParent().getFileName() + ") in " + cluster + " on port " + port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start a throwaway PostgreSQL server with " + bin + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    /** The newest installed server's bin folder, or a failure that says how to get one. */
    private static Path findBinaries() {
        List<Path> candidates = new ArrayList<>();
        for (String root : List.of("/usr/lib/postgresql", "/usr/local/lib/postgresql")) {
            Path folder = Path.of(root);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> versions = Files.list(folder)) {
                    versions.map(v -> v.resolve("bin")).filter(PostgresTestServer::hasServerBinaries)
                            .forEach(candidates::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return candidates.stream().max(Comparator.comparingInt(PostgresTestServer::majorVersion))
                .orElseThrow(() -> new IllegalStateException("The storage tests need a real PostgreSQL server, and"
                        + " none is installed: no /usr/lib/postgresql/<version>/bin/initdb and pg_ctl. Install it"
                        + " with `" + INSTALL_COMMAND + "` (as root; CI does this), or point " + URL_VARIABLE
                        + " (+ " + USER_VARIABLE + ", " + PASSWORD_VARIABLE + ") at a server whose user may create"
                        + " databases."));
    }

    private static boolean hasServerBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * {@code target/} of the module, when the postgres user can reach it (it needs to pass every
     * parent folder); otherwise a folder under the system temp directory. The socket path must also stay
     * under the kernel's 107-character limit.
     */
    private static Path clusterBase(boolean root) throws IOException, InterruptedException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        boolean usable = target.toString().length() < 60
                && (!root || new ProcessBuilder("runuser", "-u", OS_USER, "--", "test", "-x", target.toString())
                .redirectErrorStream(true).start().waitFor() == 0);
        if (usable) {
            return target;
        }
        Path temp = Path.of(System.getProperty("java.io.tmpdir"), "facilitysync-pg");
        Files.createDirectories(temp);
        return temp;
    }

    /** Stops and removes clusters of earlier test JVMs that died without their shutdown hook. */
    private static void stopStaleClusters(Path base, Path bin, boolean root, Path own) {
        try (DirectoryStream<Path> clusters = Files.newDirectoryStream(base, "pg-*")) {
            for (Path cluster : clusters) {
                if (cluster.equals(own) || ownerAlive(cluster)) {
                    continue;
                }
                Path data = cluster.resolve("data");
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    stop(bin, data, root);
                }
                deleteRecursively(cluster);
            }
        } catch (IOException e) {
            // Leftovers only cost disk space; the new cluster has a folder of its own.
        }
    }

    /** Whether the JVM that made {@code cluster} (named pg-<pid>) still runs: then it is not stale. */
    private static boolean ownerAlive(Path cluster) {
        try {
            long pid = Long.parseLong(cluster.getFileName().toString().substring("pg-".length()));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void stop(Path bin, Path data, boolean root) {
        try {
            run(root, null, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop");
        } catch (IOException | InterruptedException e) {
            // Already stopped, or the JVM is going down: nothing more to do.
        }
    }

    private static void run(boolean asPostgres, Path log, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        Path output = log != null ? log : Files.createTempFile("pg-command", ".log");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(START_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", line));
        }
        String text = Files.readString(output);
        if (log == null) {
            Files.deleteIfExists(output);
        }
        if (process.exitValue() != 0) {
            throw new IOException("`" + String.join(" ", line) + "` exited with " + process.exitValue() + ":\n" + text);
        }
    }

    private static void chownToPostgres(Path folder) throws IOException {
        UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner;
        GroupPrincipal group;
        try {
            owner = lookup.lookupPrincipalByName(OS_USER);
            group = lookup.lookupPrincipalByGroupName(OS_USER);
        } catch (IOException e) {
            throw new IOException("running as root, the server must run as OS user '" + OS_USER + "', which does"
                    + " not exist; `" + INSTALL_COMMAND + "` creates it", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
