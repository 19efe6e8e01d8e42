package org.facilitysync.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Kolibri 0.17.5 in {@code ../shared/kolibri-peer} (beside the repository, as in CI), driven as a
 * Kolibri user drives it: {@code kolibri manage ...}, {@code kolibri start}, and its {@code kshell
 * tools/kadmin.py} helpers. A new Kolibri home migrates for ~30 s, so one home is migrated per test run and
 * copied for every further instance.
 */
final class KolibriPeer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path peer;
    private final Path root;
    private Path template;
    private final List<Process> servers = new ArrayList<>();

    private KolibriPeer(Path peer, Path root) {
        this.peer = peer;
        this.root = root;
    }

    /** The peer beside the repository, or null when it is not there. */
    static Path locate() {
        Path peer = Path.of(System.getProperty("repo.root")).toAbsolutePath().normalize().resolveSibling("shared")
                .resolve("kolibri-peer");
        return Files.isExecutable(peer.resolve("kolibri")) && Files.isExecutable(peer.resolve("kshell")) ? peer : null;
    }

    static KolibriPeer open(Path peer, Path root) throws IOException {
        Files.createDirectories(root);
        return new KolibriPeer(peer, root);
    }

    /** A new Kolibri home, migrated (the first call migrates one; later calls copy it). */
    synchronized Path home(String name) throws Exception {
        if (template == null) {
            Path migrated = root.resolve("template");
            manage(migrated, "migrate", "--noinput");
            template = migrated;
        }
        Path home = root.resolve(name);
        try (Stream<Path> files = Files.walk(template)) {
            for (Path from : files.toList()) {
                Path to = home.resolve(template.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return home;
    }

    /** {@code kolibri manage ARGS} on {@code home}; fails with its output unless it exits 0. */
    String manage(Path home, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(peer.resolve("kolibri").toString(), "manage"));
        line.addAll(List.of(args));
        return run(home, line, Map.of());
    }

    /** {@code kshell tools/kadmin.py ARGS} on {@code home}: its stdout. */
    String kadmin(Path home, String... args) throws Exception {
        return kadmin(home, Map.of(), args);
    }

    String kadmin(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(peer.resolve("kshell").toString(), "tools/kadmin.py"));
        line.addAll(List.of(args));
        return run(home, line, env);
    }

    JsonNode kadminJson(Path home, String... args) throws Exception {
        return JSON.readTree(kadmin(home, args));
    }

    /** {@code kolibri start --foreground} on a free loopback port; its base URL once it answers. */
    String start(Path home) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(peer.resolve("kolibri").toString(), "start", "--foreground",
                "--port", String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(home.resolve("server-output.txt").toFile());
        builder.environment().put("KOLIBRI_HOME", home.toString());
        Process server = builder.start();
        servers.add(server);
        String base = "http://127.0.0.1:" + port + "/";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("kolibri start ended:\n" + Files.readString(home.resolve("server-output.txt")));
            }
            try {
                HttpResponse<String> info = client.send(HttpRequest.newBuilder(URI.create(base + "api/public/info/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (info.statusCode() == 200) {
                    return base;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("kolibri start did not answer within 120 s");
    }

    private String run(Path home, List<String> line, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(line).directory(peer.toFile());
        builder.environment().put("KOLIBRI_HOME", home.toString());
        builder.environment().putAll(env);
        Path err = Files.createTempFile(root, "stderr", ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = NodeProcesses.read(process.getInputStream());
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", line) + " did not end within 5 minutes");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", line) + " exited " + process.exitValue() + ":\n" + out + "\n"
                    + Files.readString(err));
        }
        Files.deleteIfExists(err);
        return out;
    }

    /** Kolibri's own Store rows of a dataset. */
    static Map<String, StoreRow> kolibriStore(Path home, String dataset) throws Exception {
        return store(home.resolve("db.sqlite3"), dataset);
    }

    /** A facilitysync node's Store rows of a dataset. */
    static Map<String, StoreRow> nodeStore(Path home, String dataset) throws Exception {
        return store(home.resolve("data/node.sqlite"), dataset);
    }

    /** A Store row: what sync carries of a record. */
    record StoreRow(String id, String model, String partition, JsonNode serialized, boolean deleted) {
    }

    private static Map<String, StoreRow> store(Path database, String dataset) throws Exception {
        Map<String, StoreRow> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, model_name, partition, serialized, deleted FROM morango_store"
                        + " WHERE substr(partition, 1, 32) = '" + dataset.replaceAll("[^0-9a-f]", "") + "'")) {
            while (r.next()) {
                String text = r.getString(4);
                rows.put(r.getString(1), new StoreRow(r.getString(1), r.getString(2), r.getString(3),
                        text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text), r.getBoolean(5)));
            }
        }
        return rows;
    }

    /**
     * What differs between two Stores, model by model ("model: n only in A, m only in B, k with other data
     * (e.g. id field: a | b)"); empty when they hold the same records with the same serialized data.
     * {@code onlyIds} limits the comparison to those ids (null: all).
     */
    static Map<String, String> differences(Map<String, StoreRow> a, Map<String, StoreRow> b, java.util.Set<String> onlyIds) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> example = new TreeMap<>();
        java.util.Set<String> ids = new java.util.TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        for (String id : ids) {
            if (onlyIds != null && !onlyIds.contains(id)) {
                continue;
            }
            StoreRow x = a.get(id);
            StoreRow y = b.get(id);
            String model = (x != null ? x : y).model();
            int[] c = counts.computeIfAbsent(model, m -> new int[3]);
            if (y == null) {
                c[0]++;
            } else if (x == null) {
                c[1]++;
            } else if (!x.serialized().equals(y.serialized()) || x.deleted() != y.deleted()) {
                c[2]++;
                example.putIfAbsent(model, id + " " + firstDifference(x.serialized(), y.serialized()));
            }
        }
        Map<String, String> out = new TreeMap<>();
        counts.forEach((model, c) -> {
            if (c[0] + c[1] + c[2] > 0) {
                out.put(model, c[0] + " only in the first, " + c[1] + " only in the second, " + c[2]
                        + " with other data" + (example.containsKey(model) ? " (e.g. " + example.get(model) + ")" : ""));
            }
        });
        return out;
    }

    private static String firstDifference(JsonNode x, JsonNode y) {
        if (x.isObject() && y.isObject()) {
            java.util.Set<String> fields = new java.util.TreeSet<>();
            x.fieldNames().forEachRemaining(fields::add);
            y.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                if (!x.path(f).equals(y.path(f))) {
                    return f + ": " + x.path(f) + " | " + y.path(f);
                }
            }
        }
        return "deleted or not an object";
    }

    /** Stops the Kolibri servers started here and removes the homes. */
    @Override
    public void close() throws Exception {
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
