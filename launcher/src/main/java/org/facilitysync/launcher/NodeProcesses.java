package org.facilitysync.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Serving nodes started as separate processes on loopback, and one-shot commands attached to them: what
 * the demo and the HTTP benchmark drive. Each node gets its own home; {@code FACILITYSYNC_HTTP_PORT=0}
 * lets it pick a free port, which it names in its "serving" line. Stopping sends SIGTERM (a clean stop).
 */
final class NodeProcesses implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(https?://[^\\s);,]+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dist;
    private final List<Process> nodes = new ArrayList<>();
    private final Thread shutdown = new Thread(this::close, "facilitysync node processes shutdown");

    NodeProcesses(Path dist) {
        this.dist = dist;
        Runtime.getRuntime().addShutdownHook(shutdown);
    }

    /** A serving node, started. */
    record Started(String name, Path home, String baseUrl, Process process) {
    }

    /** Starts nodes in parallel and waits until each serves. */
    List<Started> start(Map<String, Path> homes, String javaOpts) throws LauncherException {
        List<CompletableFuture<Started>> starting = new ArrayList<>();
        homes.forEach((name, home) -> starting.add(CompletableFuture.supplyAsync(() -> start(name, home, javaOpts))));
        List<Started> started = new ArrayList<>();
        for (CompletableFuture<Started> future : starting) {
            try {
                started.add(future.join());
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw LauncherException.failure(cause.getMessage(), cause);
            }
        }
        return started;
    }

    private Started start(String name, Path home, String javaOpts) {
        ProcessBuilder builder = new ProcessBuilder(dist.resolve("bin/facilitysync").toString(), "serve")
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put(NodeHome.ENV, home.toString());
        env.put("FACILITYSYNC_HTTP_PORT", "0");
        env.putIfAbsent(LogSettings.ENV, "warn");
        if (javaOpts != null) {
            env.put("JAVA_OPTS", javaOpts);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + name + " node: " + e.getMessage(), e);
        }
        synchronized (nodes) {
            nodes.add(process);
        }
        Deque<String> tail = new ArrayDeque<>();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                tail.addLast(line);
                if (tail.size() > 20) {
                    tail.removeFirst();
                }
                if (line.startsWith("facilitysync serving")) {
                    Matcher url = URL.matcher(line);
                    if (!url.find()) {
                        throw new IllegalStateException("the " + name + " node serves but names no HTTP address: " + line);
                    }
                    drain(reader, home.resolve("log"));
                    String found = url.group(1);
                    return new Started(name, home, found.endsWith("/") ? found : found + "/", process);
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        } catch (IOException e) {
            // falls through to the error below
        }
        throw new IllegalStateException("the " + name + " node did not start; its last output:\n  "
                + String.join("\n  ", tail));
    }

    /** Keeps reading a node's output so it never blocks on a full pipe; it goes to its home's log/. */
    private static void drain(BufferedReader reader, Path logDir) {
        Thread thread = new Thread(() -> {
            try {
                Files.createDirectories(logDir);
                try (var log = Files.newBufferedWriter(logDir.resolve("node-output.log"), StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        log.write(line);
                        log.newLine();
                        log.flush();
                    }
                }
            } catch (IOException e) {
                // the node stopped
            }
        }, "node output");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a one-shot command attached to the node serving {@code home}; returns its output. */
    String command(Path home, String... words) throws LauncherException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(dist.resolve("bin/facilitysync").toString());
        argv.addAll(List.of(words));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put(NodeHome.ENV, home.toString());
        builder.environment().remove("JAVA_OPTS");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw LauncherException.failure("cannot run " + words[0] + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw LauncherException.failure(words[0] + " did not finish within 60 minutes");
        }
        String output = stdout.join().strip();
        if (process.exitValue() != 0) {
            String error = stderr.join().strip();
            throw LauncherException.failure(String.join(" ", words[0], words.length > 1 ? words[1] : "").strip()
                    + " failed on " + home.getFileName() + ": " + (error.isEmpty() ? output : error));
        }
        return output;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        List<Process> running;
        synchronized (nodes) {
            running = new ArrayList<>(nodes);
            nodes.clear();
        }
        running.forEach(Process::destroy);
        for (Process p : running) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    /** An empty directory at {@code dir} (whatever was there is removed). */
    static Path fresh(Path dir) throws LauncherException {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw LauncherException.failure("cannot prepare the node home " + dir + ": " + e.getMessage(), e);
        }
    }
}
