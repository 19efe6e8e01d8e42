package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives the built container ({@code ./facilitysync} at the repository root) as processes, each node with
 * its own home: {@code serve} nodes that live across a test, and one-shot commands that attach to the node
 * serving their home. The same steps as {@link NetworkSyncIT}, shared by the kill and load tests.
 */
final class NodeProcesses implements AutoCloseable {

    static final Pattern URL = Pattern.compile("(https?://[^\\s);,]+)");
    static final Pattern DATASET = Pattern.compile("dataset ([0-9a-f]{32})");
    static final Pattern DIGEST = Pattern.compile("(\\d+) records, digest ([0-9a-f]+)");
    static final Pattern RESUME = Pattern.compile("resume with: sync:resume --id ([0-9a-f]{32})");

    private final Path repo;
    private final Path root;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    /** Homes go into a fresh folder under {@code itests/target}, removed on {@link #close}. */
    NodeProcesses(String prefix) throws IOException {
        repo = Path.of(System.getProperty("repo.root")).toAbsolutePath();
        Path target = repo.resolve("itests/target");
        Files.createDirectories(target);
        root = Files.createTempDirectory(target, prefix);
    }

    Path home(String name) {
        return root.resolve(name);
    }

    /** A node started with {@code ./facilitysync serve}. */
    static final class Served {
        final Process process;
        final String baseUrl;
        /** Everything the node printed (its log included), for a test to look for errors. */
        final StringBuffer output;

        Served(Process process, String baseUrl, StringBuffer output) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.output = output;
        }
    }

    /** Starts {@code ./facilitysync serve} on {@code home} with a free port and waits until it serves. */
    Served serve(Path home, Map<String, String> env) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder builder = command(home, "serve").redirectErrorStream(true);
        builder.environment().put("FACILITYSYNC_HTTP_PORT", "0");
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuffer seen = new StringBuffer();
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("facilitysync serving")) {
                        Matcher m = URL.matcher(line);
                        if (m.find()) {
                            drain(reader, seen);
                            String found = m.group(1);
                            return found.endsWith("/") ? found : found + "/";
                        }
                    }
                }
            } catch (IOException e) {
                // reported below
            }
            throw new IllegalStateException("the node at " + home + " did not serve:\n" + seen);
        });
        return new Served(process, url.get(120, TimeUnit.SECONDS), seen);
    }

    /** A one-shot command whose output is read as it comes, so a test can act on a line it waits for. */
    static final class Running {
        final Process process;
        private final StringBuffer out = new StringBuffer();
        private final CompletableFuture<String> err;
        private final CompletableFuture<Void> outDone;

        Running(Process process) {
            this.process = process;
            this.err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            this.outDone = CompletableFuture.runAsync(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        synchronized (out) {
                            out.append(line).append('\n');
                            out.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** Waits for a stdout line that {@code wanted} accepts; fails if the command ends or time runs out first. */
        String awaitLine(Predicate<String> wanted, long seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (out) {
                while (true) {
                    for (String line : out.toString().split("\n")) {
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (!process.isAlive() && outDone.isDone())) {
                        throw new AssertionError("no awaited line within " + seconds + " s; output so far:\n" + out);
                    }
                    out.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
                }
            }
        }

        Result finish(long minutes) throws Exception {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("a command did not finish within " + minutes + " minutes:\n" + out);
            }
            outDone.get(30, TimeUnit.SECONDS);
            return new Result(process.exitValue(), out.toString(), err.get(30, TimeUnit.SECONDS));
        }
    }

    /** Starts a one-shot command on {@code home} without waiting for it. */
    Running start(Path home, String... args) throws IOException {
        return start(home, Map.of(), args);
    }

    /** Starts a command on {@code home} with these environment variables, without waiting for it. */
    Running start(Path home, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(home);
        ProcessBuilder builder = command(home, args);
        builder.environment().putAll(env);
        return new Running(builder.start());
    }

    /** Runs a one-shot command on {@code home} to its end. */
    Result run(Path home, String... args) throws Exception {
        return start(home, args).finish(5);
    }

    /** Runs a command that must succeed; returns its stdout. */
    String ok(Path home, String... args) throws Exception {
        Result result = run(home, args);
        assertEquals(String.join(" ", args) + ": " + result.describe(), 0, result.status);
        return result.out;
    }

    String createFacility(Path home, String password) throws Exception {
        String out = ok(home, "sync:facility", "create", "IT Facility", "--admin", "admin", "--password", password);
        Matcher m = DATASET.matcher(out);
        assertTrue(out, m.find());
        return m.group(1);
    }

    /** {@code facility:digest} of the node: its record count and the digest of all its records. */
    Digest digest(Path home) throws Exception {
        String out = ok(home, "facility:digest");
        Matcher m = DIGEST.matcher(out);
        assertTrue(out, m.find());
        return new Digest(Long.parseLong(m.group(1)), m.group(2));
    }

    record Digest(long records, String hex) {
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

    /** Stops every node still running (gently, then forcibly) and removes the homes. */
    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Keeps reading the node's output so it never blocks on a full pipe. */
    private static void drain(BufferedReader reader, StringBuffer seen) {
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                // the node stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    record Result(int status, String out, String err) {
        String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
