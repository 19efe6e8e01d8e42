package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The built container, driven through {@code ./facilitysync} as an operator would: one-shot commands,
 * a serving node that takes plugins and configuration from {@code load/} while it runs, and the shell.
 */
public class DistributionIT {

    private static final String HELLO_BUNDLE = "org.facilitysync.example.hello";

    private Path repo;
    private Path home;
    private Process serving;
    private Path servingErr;

    @Before
    public void newNodeHome() throws IOException {
        repo = Path.of(System.getProperty("repo.root")).toAbsolutePath();
        home = Files.createTempDirectory("facilitysync-it-");
    }

    @After
    public void stopAndClean() throws Exception {
        if (serving != null && serving.isAlive()) {
            serving.destroy();
            serving.waitFor(20, TimeUnit.SECONDS);
            serving.destroyForcibly();
        }
        deleteTree(home);
    }

    @Test
    public void aOneShotCommandListsAllSevenStagesAndExitsZero() throws Exception {
        Result result = run("pipeline");
        assertEquals(result.describe(), 0, result.status);
        for (String stage : List.of("initializing", "serializing", "queuing", "transferring", "dequeuing",
                "deserializing", "cleanup")) {
            assertTrue("stage " + stage + " is listed:\n" + result.out, result.out.contains("\n" + stage + "\n"));
            assertTrue("the engine handles stage " + stage + ":\n" + result.out,
                    stageSection(result.out, stage).contains("engine "));
        }
    }

    @Test
    public void anUnknownCommandFailsWithOneLineOnStderr() throws Exception {
        Result result = run("nosuchcommand");
        assertNotEquals(0, result.status);
        assertEquals(result.describe(), 1, result.err.strip().lines().count());
        assertTrue(result.err, result.err.startsWith("facilitysync: ") && result.err.contains("nosuchcommand"));
    }

    @Test
    public void aServingNodeTakesPluginsAndConfigurationFromLoadWithoutARestart() throws Exception {
        serve();
        Path load = home.resolve("load");
        Path jar = load.resolve("hello-plugin.jar");
        Files.copy(Path.of(System.getProperty("bundle.hello-plugin")), jar, StandardCopyOption.REPLACE_EXISTING);
        String cleanup = awaitPipeline("the plugin appears in cleanup", out -> stageSection(out, "cleanup")
                .contains(HELLO_BUNDLE));
        assertTrue(cleanup, stageSection(cleanup, "cleanup").matches("(?s).*\\n\\s+10\\s+\\d+\\s+" + HELLO_BUNDLE + ".*"));

        Path cfg = load.resolve("org.facilitysync.example.hello.cfg");
        Files.writeString(cfg, "sync.priority = 50\n");
        awaitPipeline("the .cfg file moves the plugin to priority 50",
                out -> stageSection(out, "cleanup").matches("(?s).*\\n\\s+50\\s+\\d+\\s+" + HELLO_BUNDLE + ".*"));

        Files.writeString(cfg, "sync.priority = high\n");
        awaitLog("the malformed value is logged with file, key and value", line -> line.contains("sync.priority")
                && line.contains("'high'") && line.contains(cfg.getFileName().toString()));
        Result stillWorking = run("pipeline");
        assertEquals(stillWorking.describe(), 0, stillWorking.status);
        assertTrue("the plugin keeps its last valid priority",
                stageSection(stillWorking.out, "cleanup").matches("(?s).*\\n\\s+50\\s+\\d+\\s+" + HELLO_BUNDLE + ".*"));

        Files.delete(jar);
        awaitPipeline("deleting the jar removes the plugin",
                out -> !out.contains(HELLO_BUNDLE) && stageSection(out, "cleanup").contains("org.facilitysync.core"));

        serving.destroy(); // SIGTERM
        assertTrue("the node stops on SIGTERM", serving.waitFor(20, TimeUnit.SECONDS));
        assertFalse("the command port file is removed", Files.exists(home.resolve("run/command-port")));
    }

    @Test
    public void theShellReachesAGogoPromptAndRunsSyncCommands() throws Exception {
        ProcessBuilder builder = command("shell");
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Path out = home.resolve("shell.out");
        builder.redirectOutput(out.toFile());
        builder.redirectError(home.resolve("shell.err").toFile());
        Process shell = builder.start();
        shell.getOutputStream().write("sync:pipeline\nexit 3\n".getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        assertTrue("the shell ends after exit", shell.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(out);
        assertEquals(text, 3, shell.exitValue());
        assertTrue(text, text.contains("g! "));
        assertTrue(text, text.contains("deserializing"));
        String log = Files.readString(home.resolve("shell.err"));
        assertTrue("log lines are visible: " + log, log.contains("INFO"));
        assertFalse("no NOP logger: " + log, log.contains("No SLF4J providers"));
    }

    private void serve() throws Exception {
        ProcessBuilder builder = command("serve");
        servingErr = home.resolve("serve.err");
        builder.redirectError(servingErr.toFile());
        builder.redirectOutput(home.resolve("serve.out").toFile());
        serving = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(home.resolve("run/command-port"))) {
            if (!serving.isAlive() || System.nanoTime() > deadline) {
                fail("the node did not become ready:\n" + Files.readString(servingErr));
            }
            Thread.sleep(100);
        }
        assertMorangoApiServed();
    }

    /** The serving line names the actual HTTP address, and the Morango API answers there. */
    private void assertMorangoApiServed() throws Exception {
        java.util.regex.Pattern address = java.util.regex.Pattern.compile("facilitysync serving \\(home .*\\) at (http://127\\.0\\.0\\.1:\\d+/)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        java.util.regex.Matcher found = address.matcher("");
        while (!found.find()) {
            if (System.nanoTime() > deadline) {
                fail("no serving line with the HTTP address:\n" + Files.readString(home.resolve("serve.out")));
            }
            Thread.sleep(100);
            found = address.matcher(Files.readString(home.resolve("serve.out")));
        }
        java.net.http.HttpResponse<String> info = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(found.group(1) + "api/morango/v1/morangoinfo/1/"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(info.statusCode() + " " + info.body(), info.statusCode() == 200 && info.body().contains("\"instance_id\""));
    }

    private String awaitPipeline(String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Result last;
        do {
            last = run("pipeline");
            if (last.status == 0 && condition.test(last.out)) {
                return last.out;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        fail("timed out waiting until " + what + "; last:\n" + last.describe());
        return null;
    }

    private void awaitLog(String what, Predicate<String> line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(servingErr).stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(250);
        }
        fail("timed out waiting until " + what + "; log:\n" + Files.readString(servingErr));
    }

    /** The lines of one stage's section in the pipeline listing. */
    private static String stageSection(String listing, String stage) {
        int start = listing.indexOf("\n" + stage + "\n");
        if (start < 0) {
            return "";
        }
        int end = listing.indexOf("\n\n", start + 1);
        return listing.substring(start, end < 0 ? listing.length() : end);
    }

    private ProcessBuilder command(String... args) {
        List<String> line = new ArrayList<>();
        line.add(repo.resolve("facilitysync").toString());
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(repo.toFile());
        builder.environment().put("FACILITYSYNC_HOME", home.toString());
        // The reactor has just built the distribution; the script must not start a nested build.
        builder.environment().put("FACILITYSYNC_NO_BUILD", "1");
        // any free port: parallel runs (and a node serving on 8000) never clash
        builder.environment().put("FACILITYSYNC_HTTP_PORT", "0");
        builder.environment().put("JAVA_OPTS", "-Dfelix.fileinstall.poll=200");
        builder.environment().remove("FACILITYSYNC_LOG_LEVEL");
        return builder;
    }

    private Result run(String... args) throws Exception {
        ProcessBuilder builder = command(args);
        File out = Files.createTempFile(home, "out", ".txt").toFile();
        File err = Files.createTempFile(home, "err", ".txt").toFile();
        builder.redirectOutput(out).redirectError(err);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("./facilitysync " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    private record Result(int status, String out, String err) {
        String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
