package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two real nodes, each the built container in its own process with its own home and SQLite database,
 * syncing over HTTP on loopback through the operator's commands.
 */
public class NetworkSyncIT {

    private static final Pattern URL = Pattern.compile("(https?://[^\\s);,]+)");
    private static final Pattern DATASET = Pattern.compile("dataset ([0-9a-f]{32})");
    private static final Pattern DIGEST = Pattern.compile("(\\d+) records, digest ([0-9a-f]+)");

    private Path repo;
    private Path root;
    private final List<Process> nodes = new ArrayList<>();

    @Before
    public void homes() throws IOException {
        repo = Path.of(System.getProperty("repo.root")).toAbsolutePath();
        Path target = repo.resolve("itests/target");
        Files.createDirectories(target);
        root = Files.createTempDirectory(target, "network-it-");
    }

    @After
    public void stopAndClean() throws Exception {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    public void theDemoSyncsAFacilityBothWaysAndBothNodesEndEqual() throws Exception {
        Result demo = run(root.resolve("demo-home"), "demo", "--records", "1500");
        assertEquals(demo.describe(), 0, demo.status);
        assertTrue(demo.out, demo.out.contains("same data on both nodes  yes"));
    }

    @Test
    public void aSigningRequestWithWrongCredentialsIsRefusedAndGrantsNothingAndANodeDoesNotSyncWithItself() throws Exception {
        Path hub = root.resolve("hub");
        Path device = root.resolve("device");
        String hubUrl = serve(hub);
        serve(device);
        String dataset = createFacility(hub, "secret1");

        Result refused = run(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--username", "admin",
                "--password", "wrong", "--noninteractive");
        assertNotEquals(refused.describe(), 0, refused.status);
        assertEquals(refused.describe(), 1, refused.err.strip().lines().count());
        assertTrue(refused.describe(), refused.err.contains("401") || refused.err.contains("invalid username or password"));
        Result certs = run(device, "sync:certs");
        assertTrue(certs.describe(), !certs.out.contains(" yes "));
        assertEquals("0", digest(device).group(1));

        Result self = run(hub, "sync", "--baseurl", hubUrl, "--facility", dataset, "--noninteractive");
        assertNotEquals(self.describe(), 0, self.status);
        assertTrue(self.describe(), self.err.contains("cannot sync with itself"));
    }

    @Test
    public void aSingleUserSyncBringsOnlyThatLearnersRecordsAndSendsItsChangesBack() throws Exception {
        Path hub = root.resolve("hub");
        Path device = root.resolve("device");
        String hubUrl = serve(hub);
        serve(device);
        String dataset = createFacility(hub, "secret2");
        Result generated = run(hub, "facility:generate", "--facility", dataset, "--records", "800");
        assertEquals(generated.describe(), 0, generated.status);
        String learner = run(hub, "facility:users").out.lines().filter(l -> l.endsWith(" learner1")).findFirst()
                .orElseThrow().split(" ")[0];

        Result synced = run(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--user", learner,
                "--username", "admin", "--password", "secret2", "--noninteractive");
        assertEquals(synced.describe(), 0, synced.status);
        long hubRecords = Long.parseLong(digest(hub).group(1));
        long deviceRecords = Long.parseLong(digest(device).group(1));
        assertTrue("the device holds some records: " + deviceRecords, deviceRecords > 0);
        assertTrue("the device holds fewer records than the hub: " + deviceRecords + " of " + hubRecords,
                deviceRecords < hubRecords);
        Result users = run(device, "facility:users");
        assertTrue(users.out, users.out.contains(learner + " learner1"));
        assertTrue("no other learner reached the device: " + users.out, !users.out.contains(" learner2"));
    }

    @Test
    public void aHubWithAKeystoreServesHttpsAndADeviceSyncsWhenItTrustsTheHubsCertificate() throws Exception {
        Path hub = root.resolve("hub");
        Path device = root.resolve("device");
        Path keystore = root.resolve("hub.p12");
        Path pem = root.resolve("hub.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        exec(keytool, "-genkeypair", "-alias", "hub", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
                "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "store-secret", "-keypass", "store-secret");
        exec(keytool, "-exportcert", "-rfc", "-alias", "hub", "-keystore", keystore.toString(), "-storepass",
                "store-secret", "-file", pem.toString());
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.createDirectories(hub.resolve("load"));
        Files.writeString(hub.resolve("load/org.apache.felix.http.cfg"), "org.apache.felix.https.enable=true\n"
                + "org.osgi.service.http.port.secure=" + port + "\n"
                + "org.apache.felix.https.keystore=" + keystore + "\n"
                + "org.apache.felix.https.keystore.password=store-secret\n"
                + "org.apache.felix.https.keystore.key.password=store-secret\n");
        serve(hub);
        serve(device);
        String dataset = createFacility(hub, "secret3");
        String https = "https://127.0.0.1:" + port + "/";

        Result untrusted = run(device, "sync", "--baseurl", https, "--facility", dataset, "--username", "admin",
                "--password", "secret3", "--noninteractive");
        assertNotEquals(untrusted.describe(), 0, untrusted.status);
        assertEquals(untrusted.describe(), 1, untrusted.err.strip().lines().count());

        Result trusted = run(device, "sync", "--baseurl", https, "--facility", dataset, "--username", "admin",
                "--password", "secret3", "--trust-certificate", pem.toString(), "--noninteractive");
        assertEquals(trusted.describe(), 0, trusted.status);
        assertEquals(digest(hub).group(0), digest(device).group(0));
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = read(process.getInputStream());
        assertTrue(String.join(" ", command) + " did not finish", process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(output, 0, process.exitValue());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private String createFacility(Path home, String password) throws Exception {
        Result created = run(home, "sync:facility", "create", "IT Facility", "--admin", "admin", "--password", password);
        assertEquals(created.describe(), 0, created.status);
        Matcher m = DATASET.matcher(created.out);
        assertTrue(created.out, m.find());
        return m.group(1);
    }

    private Matcher digest(Path home) throws Exception {
        Result digest = run(home, "facility:digest");
        assertEquals(digest.describe(), 0, digest.status);
        Matcher m = DIGEST.matcher(digest.out);
        assertTrue(digest.out, m.find());
        return m;
    }

    /** Starts {@code ./facilitysync serve} on that home with a free port; returns its base URL. */
    private String serve(Path home) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder builder = command(home, "serve").redirectErrorStream(true);
        builder.environment().put("FACILITYSYNC_HTTP_PORT", "0");
        Process process = builder.start();
        nodes.add(process);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("facilitysync serving")) {
                        Matcher m = URL.matcher(line);
                        if (m.find()) {
                            Thread drain = new Thread(() -> {
                                try {
                                    while (reader.readLine() != null) {
                                        // keep the pipe empty
                                    }
                                } catch (IOException e) {
                                    // the node stopped
                                }
                            });
                            drain.setDaemon(true);
                            drain.start();
                            String found = m.group(1);
                            return found.endsWith("/") ? found : found + "/";
                        }
                    }
                }
            } catch (IOException e) {
                // reported below
            }
            throw new IllegalStateException("the node did not serve:\n" + seen);
        });
        return url.get(120, TimeUnit.SECONDS);
    }

    private ProcessBuilder command(Path home, String... args) {
        List<String> line = new ArrayList<>();
        line.add(repo.resolve("facilitysync").toString());
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(repo.toFile());
        builder.environment().put("FACILITYSYNC_HOME", home.toString());
        builder.environment().put("FACILITYSYNC_NO_BUILD", "1");
        builder.environment().remove("FACILITYSYNC_LOG_LEVEL");
        builder.environment().remove("JAVA_OPTS");
        return builder;
    }

    private Result run(Path home, String... args) throws Exception {
        Files.createDirectories(home);
        Process process = command(home, args).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish within 5 minutes");
        }
        return new Result(process.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private record Result(int status, String out, String err) {
        String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
