package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.core.testsupport.PostgresTestServer;
import org.facilitysync.itests.NodeProcesses.Result;
import org.facilitysync.itests.NodeProcesses.Running;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The operator's view of real nodes (the built container, one process each, over loopback): the Web
 * Console's "Sync" page in a real headless Chromium while a sync runs, the health checks going red and
 * green for their causes, the metrics of a sync that just ran, and 401 wherever credentials are needed.
 */
public class ConsoleIT {

    private static final Pattern PULLED = Pattern.compile("pull completed: ([\\d,]+) records .*?([\\d,]+) bytes on the wire");
    private static final String ADMIN_PASSWORD = "console-it-secret";
    private static final Path ARTIFACTS = Path.of(System.getProperty("repo.root"), "itests", "target", "console-it");

    private static NodeProcesses nodes;
    private static Path hub;
    private static Path device;
    private static String hubUrl;
    private static String deviceUrl;
    private static String dataset;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeClass
    public static void hubAndDevice() throws Exception {
        nodes = new NodeProcesses("console-it-");
        hub = nodes.home("hub");
        device = nodes.home("device");
        NodeProcesses.Served hubNode = nodes.serve(hub, Map.of());
        hubUrl = hubNode.baseUrl;
        deviceUrl = nodes.serve(device, Map.of()).baseUrl;
        dataset = nodes.createFacility(hub, ADMIN_PASSWORD);
        nodes.ok(hub, "facility:generate", "--facility", dataset, "--records", "1500");
        // The generated console password is printed once, where the operator sees it.
        String password = consolePassword(hub);
        assertEquals(hubNode.output.toString(), 1, count(hubNode.output.toString(), password));
        // A slow link: every transferring step of the device waits, so the page can watch it move.
        deploy(device, pluginJar("slow", "transferring", 350));
        Files.copy(Path.of(System.getProperty("bundle.hello-plugin")), device.resolve("load/hello-plugin.jar"));
        awaitPipeline(device, out -> out.contains("SlowStep") && out.contains("HelloCleanupOperation"));
    }

    @AfterClass
    public static void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void withoutCredentialsTheConsoleHealthDetailsAndMetricsAnswer401AndTheHealthStatusIsPublic() throws Exception {
        for (String path : List.of("system/console", "system/console/sync", "system/console/sync/data.json",
                "system/console/bundles", "system/console/configMgr", "system/health.json", "system/health.txt",
                "system/health.html", "system/health.verbose.txt", "metrics")) {
            HttpResponse<String> anonymous = get(deviceUrl + path, null);
            assertEquals(path, 401, anonymous.statusCode());
            assertTrue(path, anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            assertEquals(path + " with the console's well-known default", 401, get(deviceUrl + path, "admin:admin").statusCode());
            assertTrue(path + " with the node's credentials", get(deviceUrl + path, credentials(device)).statusCode() < 400
                    || path.startsWith("system/health"));
        }
        HttpResponse<String> status = get(deviceUrl + "system/health?format=json&tags=x", null);
        assertEquals(status.body(), 200, status.statusCode());
        assertEquals("OK", status.body().strip());
        HttpResponse<String> details = get(deviceUrl + "system/health.json", credentials(device));
        assertTrue(details.body(), details.body().contains("facilitysync database")
                && details.body().contains("facilitysync HTTP API") && details.body().contains("facilitysync pipeline"));
    }

    @Test
    public void theSyncPageShowsTheTransferAdvancingAndItsPluginControlStopsAndStartsAPluginAndMetricsMatchTheSync()
            throws Exception {
        Optional<Path> binary = Chromium.find();
        assumeTrue("skipped: no chromium found (install Debian's chromium package, or set CHROMIUM); .ci/run installs it",
                binary.isPresent());
        Files.createDirectories(ARTIFACTS);
        try (Chromium browser = new Chromium(binary.get(), ARTIFACTS, 1400, 1000)) {
            browser.send("Network.enable", Map.of());
            browser.send("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials(device).getBytes(StandardCharsets.UTF_8)))));
            browser.send("Page.enable", Map.of());
            browser.send("Page.navigate", Map.of("url", deviceUrl + "system/console/sync"));
            awaitTrue(browser, "document.querySelector('#fs-updated') && /\\d/.test(document.querySelector('#fs-updated').textContent)", 30);

            Running sync = nodes.start(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--username", "admin",
                    "--password", ADMIN_PASSWORD, "--chunk-size", "100", "--noninteractive");
            List<Long> seen = new ArrayList<>();
            boolean shot = false;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (sync.process.isAlive() && System.nanoTime() < deadline) {
                long done = browser.eval("(function(){var p=document.querySelector('#fs-inflight .fs-progress[data-transfer]');"
                        + " return p ? Number(p.getAttribute('aria-valuenow')) : -1;})()").asLong();
                if (done > 0 && (seen.isEmpty() || done != seen.get(seen.size() - 1))) {
                    seen.add(done);
                    if (!shot && seen.size() >= 3) {
                        browser.screenshot(ARTIFACTS.resolve("sync-page-in-flight.png"));
                        shot = true;
                    }
                }
                Thread.sleep(250);
            }
            Result result = sync.finish(3);
            assertEquals(result.describe(), 0, result.status());
            assertTrue("the page saw the transfer's records advance at least twice: " + seen, seen.size() >= 2);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue("progress only moves forward: " + seen, seen.get(i) > seen.get(i - 1));
            }
            Matcher pulled = PULLED.matcher(result.out());
            assertTrue(result.out(), pulled.find());
            long records = Long.parseLong(pulled.group(1).replace(",", ""));
            long bytes = Long.parseLong(pulled.group(2).replace(",", ""));

            // Once it ended, the page shows the peer and the chart's point.
            awaitTrue(browser, "document.querySelectorAll('#fs-peers tbody tr').length > 0"
                    + " && document.querySelectorAll('#fs-chart circle').length > 0"
                    + " && document.querySelectorAll('#fs-inflight .fs-progress').length == 0", 30);
            browser.screenshot(ARTIFACTS.resolve("sync-page.png"));

            metricsMatch(records, bytes);
            stopAndStartHelloFromThePage(browser);
        }
    }

    private void metricsMatch(long records, long bytes) throws Exception {
        String metrics = get(deviceUrl + "metrics", credentials(device)).body();
        assertEquals(metrics, 1.0, metric(metrics, "facilitysync_syncs_started_total{direction=\"pull\",role=\"client\"}"), 0);
        assertEquals(metrics, 1.0, metric(metrics, "facilitysync_syncs_completed_total{direction=\"pull\",role=\"client\"}"), 0);
        assertEquals(metrics, 1.0, metric(metrics, "facilitysync_syncs_completed_total{direction=\"push\",role=\"client\"}"), 0);
        assertFalse(metrics, metrics.contains("facilitysync_syncs_failed_total{"));
        assertEquals(metrics, records, metric(metrics, "facilitysync_records_transferred_total{direction=\"pull\",role=\"client\"}"), 0);
        double sent = metric(metrics, "facilitysync_bytes_transferred_total{direction=\"pull\",role=\"client\",way=\"sent\"}");
        double received = metric(metrics, "facilitysync_bytes_transferred_total{direction=\"pull\",role=\"client\",way=\"received\"}");
        // The transfer session counts the bytes of its chunks; the sync's own figure adds the handshake and the
        // stage requests around them, a small part of a 1,500-record pull.
        assertTrue(metrics + "\nwire: " + bytes, sent + received <= bytes && sent + received > 0.8 * bytes);
        assertTrue(metrics, metric(metrics, "facilitysync_stage_duration_seconds_count{direction=\"pull\",role=\"client\",stage=\"transferring\"}") >= 1);
        assertEquals(metrics, 0, metric(metrics, "facilitysync_sessions_in_flight"), 0);
        assertTrue(metrics, metric(metrics, "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}") > 0);
    }

    private void stopAndStartHelloFromThePage(Chromium browser) throws Exception {
        String findButton = "document.querySelector('#fs-bundles button[data-bundle=\"' + "
                + "[...document.querySelectorAll('#fs-bundles tbody tr')].filter(function(tr){return tr.textContent.indexOf("
                + "'org.facilitysync.example.hello') >= 0;})[0].querySelector('button').getAttribute('data-bundle') + '\"]')";
        assertEquals("Stop", browser.eval(findButton + ".textContent").asText());
        browser.eval(findButton + ".click()");
        awaitPipeline(device, out -> out.contains("SlowStep") && !out.contains("HelloCleanupOperation"));
        awaitTrue(browser, findButton + ".textContent == 'Start'", 15);
        browser.eval(findButton + ".click()");
        awaitPipeline(device, out -> out.contains("HelloCleanupOperation"));
        awaitTrue(browser, findButton + ".textContent == 'Stop'", 15);
    }

    @Test
    public void aStalledStageMakesTheStuckSessionsCheckWarnUntilTheStageMovesOn() throws Exception {
        Files.writeString(device.resolve("load/org.facilitysync.console.health.stuck.cfg"), "stuck.after.seconds=2\n");
        Path blocking = deploy(device, pluginJar("blocking", "dequeuing", 4000));
        awaitPipeline(device, out -> out.contains("SlowStep") && out.split("SlowStep", -1).length > 2);
        try {
            Running sync = nodes.start(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--username", "admin",
                    "--password", ADMIN_PASSWORD, "--noninteractive");
            String stuck = awaitHealth(body -> body.contains("stuck in stage dequeuing"), 60);
            assertTrue(stuck, stuck.contains("\"overallResult\":\"WARN\""));
            // a stuck session warns: the node keeps serving, so a load balancer keeps it (200)
            assertEquals(200, get(deviceUrl + "system/health", null).statusCode());
            assertEquals(0, sync.finish(3).status());
            String healthy = awaitHealth(body -> body.contains("\"overallResult\":\"OK\""), 30);
            assertFalse(healthy, healthy.contains("stuck in stage"));
        } finally {
            Files.deleteIfExists(blocking);
            Files.deleteIfExists(device.resolve("load/org.facilitysync.console.health.stuck.cfg"));
        }
    }

    @Test
    public void aDatabaseThatStopsAnsweringMakesTheNodeUnhealthyAndHealthyAgainWhenItIsBack() throws Exception {
        PostgresTestServer server = PostgresTestServer.get();
        String database = "fs_consoleit_" + UUID.randomUUID().toString().substring(0, 8);
        server.createDatabase(database);
        Path node = nodes.home("on-postgresql");
        Files.createDirectories(node.resolve("load"));
        try (DirectoryStream<Path> template = Files.newDirectoryStream(
                Path.of(System.getProperty("repo.root"), "distribution/target/facilitysync/load"))) {
            for (Path file : template) {
                Files.copy(file, node.resolve("load").resolve(file.getFileName()));
            }
        }
        Files.writeString(node.resolve("load/org.facilitysync.storage.cfg"), "type=postgresql\npostgresql.url="
                + server.url(database) + "\npostgresql.user=" + server.user() + "\n.postgresql.password="
                + (server.password() == null ? "unused" : server.password()) + "\n");
        String url = nodes.serve(node, Map.of()).baseUrl;
        String auth = credentials(node);
        awaitStatus(url, 200, "OK", 60);
        try (Connection admin = server.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            awaitStatus(url, 503, "CRITICAL", 60);
            String details = get(url + "system/health.json", auth).body();
            assertTrue(details, details.contains("does not answer"));
            sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            awaitStatus(url, 200, "OK", 60);
        }
    }

    // --- helpers ---

    private static String consolePassword(Path home) throws Exception {
        return Files.readString(home.resolve("data/console.password")).strip();
    }

    private static String credentials(Path home) throws Exception {
        return "admin:" + consolePassword(home);
    }

    private static HttpResponse<String> get(String url, String userAndPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(30));
        if (userAndPassword != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + exposition);
    }

    private static String awaitHealth(Predicate<String> wanted, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(deviceUrl + "system/health.json?forceInstantExecution=true", credentials(device)).body();
            if (wanted.test(body)) {
                return body;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("health never became as wanted within " + seconds + " s; last:\n" + body);
    }

    private static void awaitStatus(String url, int status, String word, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(url + "system/health", null);
            if (last.statusCode() == status && last.body().strip().equals(word)) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("/system/health never answered " + status + " " + word + " within " + seconds
                + " s; last: " + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private static void awaitTrue(Chromium browser, String expression, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (browser.eval("!!(" + expression + ")").asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        browser.screenshot(ARTIFACTS.resolve("failed.png"));
        throw new AssertionError("the page never showed " + expression + " (screenshot: " + ARTIFACTS.resolve("failed.png")
                + ")\n" + browser.eval("document.getElementById('fs-sync') ? document.getElementById('fs-sync').innerText"
                        + " : document.body.innerText").asText());
    }

    private static void awaitPipeline(Path home, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = nodes.ok(home, "sync:pipeline");
            if (wanted.test(out)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("sync:pipeline never became as wanted:\n" + out);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** Moves a finished jar into the node's load/, so FileInstall never reads half a file. */
    private static Path deploy(Path home, Path jar) throws Exception {
        Path target = home.resolve("load").resolve(jar.getFileName());
        Files.move(jar, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** A plugin bundle holding {@link SlowStep}, waiting {@code delayMillis} at every step of {@code stage}. */
    static Path pluginJar(String name, String stage, long delayMillis) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.facilitysync.itests." + name);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.facilitysync.api;version=\"[2.0,3)\"");
        main.putValue("Service-Component", "OSGI-INF/step.xml");
        String component = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + name + "\" activate=\"activate\">\n"
                + "  <implementation class=\"" + SlowStep.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"org.facilitysync.api.SyncOperation\"/></service>\n"
                + "  <property name=\"sync.stage\" type=\"String\" value=\"" + stage + "\"/>\n"
                + "  <property name=\"sync.priority\" type=\"Integer\" value=\"100\"/>\n"
                + "  <property name=\"delay.millis\" type=\"Long\" value=\"" + delayMillis + "\"/>\n"
                + "</scr:component>\n";
        Files.createDirectories(ARTIFACTS);
        Path jar = ARTIFACTS.resolve(name + "-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("OSGI-INF/step.xml"));
            out.write(component.getBytes(StandardCharsets.UTF_8));
            String classFile = SlowStep.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(classFile));
            try (InputStream in = SlowStep.class.getClassLoader().getResourceAsStream(classFile)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                out.write(bytes.toByteArray());
            }
        }
        return jar;
    }
}
