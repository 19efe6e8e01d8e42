package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The sync extras in real containers: a hub process whose {@code load/org.facilitysync.extras.cfg}
 * switches background initialization and finalization on serves a device process's sync over HTTP;
 * the hub's server-side stages run as jobs (its log says so) and both nodes end equal. Deleting the
 * file switches the extras off without a restart, and the next sync still completes.
 */
public class ExtrasNetworkIT {

    private static final Pattern URL = Pattern.compile("(https?://[^\\s);,]+)");
    private static final Pattern DATASET = Pattern.compile("dataset ([0-9a-f]{32})");
    private static final Pattern DIGEST = Pattern.compile("(\\d+) records, digest ([0-9a-f]+)");
    private static final String EXTRAS_BUNDLE = "org.facilitysync.extras";

    private Path repo;
    private Path root;
    private final List<Process> nodes = new ArrayList<>();
    /** What the hub process has printed (its log at info level). */
    private final StringBuffer hubLog = new StringBuffer();

    @Before
    public void homes() throws IOException {
        repo = Path.of(System.getProperty("repo.root")).toAbsolutePath();
        Path target = repo.resolve("itests/target");
        Files.createDirectories(target);
        root = Files.createTempDirectory(target, "extras-network-it-");
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
    public void aHubWithTheExtrasRunsItsStagesAsJobsAndStillSyncsOnceTheCfgIsDeleted() throws Exception {
        Path hub = root.resolve("hub");
        Path device = root.resolve("device");
        Path cfg = hub.resolve("load/org.facilitysync.extras.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "background.initialization = true\nbackground.finalization = true\n");
        String hubUrl = serve(hub, hubLog);
        serve(device, new StringBuffer());
        awaitPipeline(hub, "the extras' operations are in the hub's pipeline", out -> out.contains(EXTRAS_BUNDLE));
        String dataset = createFacility(hub, "secret5");
        Result generated = run(hub, "facility:generate", "--facility", dataset, "--records", "600");
        assertEquals(generated.describe(), 0, generated.status);

        Result synced = sync(device, hubUrl, dataset);
        assertEquals(synced.describe(), 0, synced.status);
        assertEquals("both nodes hold the same records", digest(hub).group(0), digest(device).group(0));
        // The pull's serializing and queuing, the push's dequeuing and deserializing ran as the hub's jobs.
        for (String job : List.of("initialization of stage 'serializing'", "initialization of stage 'queuing'",
                "finalization of stage 'dequeuing'", "finalization of stage 'deserializing'")) {
            assertTrue("the hub ran background " + job + " as a job:\n" + hubLog,
                    Pattern.compile("Background " + Pattern.quote(job) + " of transfer session \\w+ completed")
                            .matcher(hubLog).find());
        }

        Files.delete(cfg);
        awaitPipeline(hub, "deleting the .cfg file takes the extras' operations out", out -> !out.contains(EXTRAS_BUNDLE));
        int jobsBefore = count(hubLog, "Background ");
        Result again = sync(device, hubUrl, dataset);
        assertEquals(again.describe(), 0, again.status);
        assertEquals("both nodes hold the same records", digest(hub).group(0), digest(device).group(0));
        assertEquals("no job once the extras are off:\n" + hubLog, jobsBefore, count(hubLog, "Background "));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Result sync(Path device, String hubUrl, String dataset) throws Exception {
        return run(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--username", "admin", "--password",
                "secret5", "--noninteractive");
    }

    private static int count(CharSequence text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    private String awaitPipeline(Path home, String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result last;
        do {
            last = run(home, "pipeline");
            if (last.status == 0 && condition.test(last.out)) {
                return last.out;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting until " + what + "; last sync:pipeline:\n" + last.describe());
    }

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

    /** Starts {@code ./facilitysync serve} on that home with a free port, its output into {@code log}; returns its base URL. */
    private String serve(Path home, StringBuffer log) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder builder = command(home, "serve").redirectErrorStream(true);
        builder.environment().put("FACILITYSYNC_HTTP_PORT", "0");
        builder.environment().put("FACILITYSYNC_LOG_LEVEL", "info"); // the extras log their jobs at info
        Process process = builder.start();
        nodes.add(process);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.append(line).append('\n');
                    if (line.startsWith("facilitysync serving")) {
                        Matcher m = URL.matcher(line);
                        if (m.find()) {
                            Thread drain = new Thread(() -> {
                                try {
                                    String more;
                                    while ((more = reader.readLine()) != null) {
                                        log.append(more).append('\n');
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
            throw new IllegalStateException("the node did not serve:\n" + log);
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
