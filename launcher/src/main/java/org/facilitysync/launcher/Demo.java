package org.facilitysync.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code facilitysync demo [--records N]}: two nodes as separate processes on loopback, each with its own
 * home and embedded SQLite database. The hub creates a facility and fills it with N generated records; the
 * device imports it (a CSR with the hub admin's credentials, then a full pull); both edit records (some the
 * same ones); the device syncs both ways; the two nodes' data digests must then be equal. Everything goes
 * through the same commands an operator types, so the demo is also a walk-through.
 */
final class Demo {

    static final int DEFAULT_RECORDS = 10_000;
    private static final Pattern URL = Pattern.compile("(https?://[^\\s);,]+)");
    private static final Pattern DATASET = Pattern.compile("dataset ([0-9a-f]{32})");
    private static final Pattern DIGEST = Pattern.compile("(\\d+) records, digest ([0-9a-f]+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dist;
    private final Path root;
    private final PrintStream out;
    private final List<Process> nodes = new ArrayList<>();

    Demo(Path dist, Path root, PrintStream out) {
        this.dist = dist;
        this.root = root;
        this.out = out;
    }

    /** Parses {@code [--records N]}. */
    static int records(List<String> args) throws LauncherException {
        int records = DEFAULT_RECORDS;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String value;
            if (arg.equals("--records") && i + 1 < args.size()) {
                value = args.get(++i);
            } else if (arg.startsWith("--records=")) {
                value = arg.substring("--records=".length());
            } else {
                throw LauncherException.usage("demo takes only --records N, not '" + arg + "'");
            }
            try {
                records = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                records = -1;
            }
            if (records < 100 || records > 10_000_000) {
                throw LauncherException.usage("demo: --records must be a whole number from 100 to 10000000, not '"
                        + value + "'");
            }
        }
        return records;
    }

    int run(int records) throws LauncherException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopNodes, "facilitysync demo shutdown"));
        try {
            return steps(records);
        } finally {
            stopNodes();
        }
    }

    private int steps(int records) throws LauncherException, InterruptedException {
        Path hubHome = fresh(root.resolve("hub"));
        Path deviceHome = fresh(root.resolve("device"));
        out.printf(Locale.ROOT, "facilitysync demo: two nodes on loopback, homes in %s%n", root);
        long began = System.nanoTime();
        CompletableFuture<String> hubStart = CompletableFuture.supplyAsync(() -> start("hub", hubHome));
        CompletableFuture<String> deviceStart = CompletableFuture.supplyAsync(() -> start("device", deviceHome));
        String hubUrl = join(hubStart);
        join(deviceStart);
        step("both nodes serving (hub at " + hubUrl + ")", began);

        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        String created = command(hubHome, "sync:facility", "create", "Demo Facility", "--admin", "admin", "--password",
                password);
        Matcher dataset = DATASET.matcher(created);
        if (!dataset.find()) {
            throw LauncherException.failure("the hub did not report the new facility's dataset: " + created);
        }
        String datasetId = dataset.group(1);
        step("hub: created facility " + datasetId, began);
        long t = System.nanoTime();
        String generated = command(hubHome, "facility:generate", "--facility", datasetId, "--records",
                Integer.toString(records - 4));
        step("hub: " + generated, t);

        t = System.nanoTime();
        String imported = command(deviceHome, "sync:sync", "--baseurl", hubUrl, "--facility", datasetId, "--username",
                "admin", "--password", password, "--noninteractive");
        double importSeconds = (System.nanoTime() - t) / 1e9;
        step("device: imported the facility (certificate by CSR, pull, push)", t);
        indent(imported);

        t = System.nanoTime();
        String hubEdits = command(hubHome, "facility:edit", "--seed", "11", "--share", "0.05");
        String deviceEdits = command(deviceHome, "facility:edit", "--seed", "22", "--share", "0.05");
        step("edits: hub " + hubEdits + "; device " + deviceEdits, t);

        t = System.nanoTime();
        String synced = command(deviceHome, "sync:sync", "--baseurl", hubUrl, "--facility", datasetId,
                "--noninteractive");
        double syncSeconds = (System.nanoTime() - t) / 1e9;
        step("device: synced both ways with the hub", t);
        indent(synced);

        Matcher hubDigest = digest(command(hubHome, "facility:digest"));
        Matcher deviceDigest = digest(command(deviceHome, "facility:digest"));
        boolean same = hubDigest.group(2).equals(deviceDigest.group(2)) && hubDigest.group(1).equals(deviceDigest.group(1));
        out.println();
        out.println("summary");
        out.printf(Locale.ROOT, "  facility records         %,d%n", records);
        out.printf(Locale.ROOT, "  import (CSR+pull+push)   %.2f s  (%,.0f records/s, whole command)%n", importSeconds,
                records / importSeconds);
        out.printf(Locale.ROOT, "  sync of the edits        %.2f s%n", syncSeconds);
        out.printf(Locale.ROOT, "  hub records              %s  digest %s%n", hubDigest.group(1), hubDigest.group(2));
        out.printf(Locale.ROOT, "  device records           %s  digest %s%n", deviceDigest.group(1), deviceDigest.group(2));
        out.printf(Locale.ROOT, "  same data on both nodes  %s%n", same ? "yes" : "NO");
        out.printf(Locale.ROOT, "  total                    %.1f s%n", (System.nanoTime() - began) / 1e9);
        return same ? 0 : LauncherException.FAILURE;
    }

    private Matcher digest(String text) throws LauncherException {
        Matcher m = DIGEST.matcher(text);
        if (!m.find()) {
            throw LauncherException.failure("unexpected digest output: " + text);
        }
        return m;
    }

    private void step(String what, long since) {
        out.printf(Locale.ROOT, "  %-80s %6.2f s%n", what, (System.nanoTime() - since) / 1e9);
        out.flush();
    }

    private void indent(String text) {
        text.lines().forEach(line -> out.println("      " + line));
    }

    /** Starts a serving node and returns its base URL once it says it serves. */
    private String start(String name, Path home) {
        ProcessBuilder builder = new ProcessBuilder(dist.resolve("bin/facilitysync").toString(), "serve")
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put(NodeHome.ENV, home.toString());
        env.put("FACILITYSYNC_HTTP_PORT", "0");
        env.putIfAbsent(LogSettings.ENV, "warn");
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
                    return found.endsWith("/") ? found : found + "/";
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
                try (var log = Files.newBufferedWriter(logDir.resolve("demo-node.log"), StandardCharsets.UTF_8)) {
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
        }, "demo node output");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a one-shot command attached to the node serving {@code home}; returns its output. */
    private String command(Path home, String... words) throws LauncherException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(dist.resolve("bin/facilitysync").toString());
        argv.addAll(List.of(words));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put(NodeHome.ENV, home.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw LauncherException.failure("cannot run " + words[0] + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw LauncherException.failure(words[0] + " did not finish within 30 minutes");
        }
        String output = stdout.join().strip();
        if (process.exitValue() != 0) {
            String error = stderr.join().strip();
            throw LauncherException.failure(String.join(" ", words[0], words.length > 1 ? words[1] : "").strip()
                    + " failed on " + home.getFileName() + ": " + (error.isEmpty() ? output : error));
        }
        return output;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String join(CompletableFuture<String> start) throws LauncherException {
        try {
            return start.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw LauncherException.failure(cause.getMessage(), cause);
        }
    }

    private void stopNodes() {
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
    }

    private static Path fresh(Path dir) throws LauncherException {
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
            throw LauncherException.failure("cannot prepare the demo home " + dir + ": " + e.getMessage(), e);
        }
    }
}
