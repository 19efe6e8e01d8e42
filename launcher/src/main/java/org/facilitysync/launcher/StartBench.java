package org.facilitysync.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code facilitysync bench start [--runs N]}: how long a node takes to start, as an operator meets it.
 * A hub serves on loopback; a device home holds a facility imported from it. Each command is run
 * {@code N} times as a process through {@code bin/facilitysync}, cold (no class-data sharing archive) and
 * warm (with it): a sync with nothing to send against the hub, {@code sync:status}, {@code sync:pipeline},
 * and {@code serve} until it answers its first Morango request. Prints wall time (min and median, JVM
 * start included) and the CPU time the command's processes used; figures, not verdicts.
 */
final class StartBench {

    private static final int DEFAULT_RUNS = 5;
    private static final String ARCHIVE = "lib/facilitysync.jsa";

    private final Path dist;
    private final Path root;
    private final PrintStream out;

    StartBench(Path dist, Path root, PrintStream out) {
        this.dist = dist;
        this.root = root;
        this.out = out;
    }

    static int runs(List<String> args) throws LauncherException {
        int runs = DEFAULT_RUNS;
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--runs") && i + 1 < args.size()) {
                try {
                    runs = Integer.parseInt(args.get(++i).trim());
                } catch (NumberFormatException e) {
                    runs = -1;
                }
                if (runs < 1 || runs > 100) {
                    throw LauncherException.usage("bench start: --runs must be a whole number from 1 to 100, not '"
                            + args.get(i) + "'");
                }
            } else {
                throw LauncherException.usage("bench start takes only --runs N, not '" + args.get(i) + "'");
            }
        }
        return runs;
    }

    /** One timed run: wall seconds, and CPU seconds (user + system) of the command's processes. */
    private record Run(double wall, double cpu) {
    }

    int run(int runs) throws LauncherException, InterruptedException {
        try (NodeProcesses processes = new NodeProcesses(dist)) {
            Path hub = NodeProcesses.fresh(root.resolve("hub"));
            Path device = NodeProcesses.fresh(root.resolve("device"));
            String hubUrl = processes.start(Map.of("hub", hub), System.getenv().getOrDefault("JAVA_OPTS", "-Xmx256m"))
                    .get(0).baseUrl();
            String password = "bench-" + System.nanoTime();
            String dataset = Demo.createFacility(processes, hub, password);
            processes.command(hub, "facility:generate", "--facility", dataset, "--records", "1000");
            // The device imports the facility once (a private one-shot node, as every command below).
            timed(device, Map.of(), "sync", "--baseurl", hubUrl, "--username", "admin", "--password", password);
            out.printf(Locale.ROOT, "bench start: %d runs of each command as a process (bin/facilitysync), hub %s,"
                    + " device home %s%n", runs, hubUrl, device);
            out.println("wall: from process start to exit (serve: to its first answer), seconds; cpu: user + system"
                    + " seconds of the command's processes (median)");

            Path archive = dist.resolve(ARCHIVE);
            double written = Double.NaN;
            if (Files.isWritable(archive.getParent())) {
                deleteArchive(archive);
                written = timed(device, Map.of(), "sync:status").wall();
            }
            out.printf(Locale.ROOT, "%-28s %-26s %-26s %s%n", "command", "cold (no CDS archive)", "warm (CDS archive)",
                    "goal");
            out.printf(Locale.ROOT, "%-28s %-26s %-26s%n", "", "min / median / cpu", "min / median / cpu");
            row(runs, "sync, nothing to send", "1.5", env -> timed(device, env, "sync", "--baseurl", hubUrl));
            row(runs, "sync:status", "1.0", env -> timed(device, env, "sync:status"));
            row(runs, "sync:pipeline", "1.0", env -> timed(device, env, "sync:pipeline"));
            row(runs, "serve to first answer", "2.0", env -> serveToFirstAnswer(device, env));
            if (!Double.isNaN(written)) {
                out.printf(Locale.ROOT, "the first start after a build wrote the archive (%s, %.0f MB): %.2f s%n",
                        ARCHIVE, size(archive) / 1e6, written);
            } else {
                out.println("no archive written: " + archive.getParent() + " is not writable");
            }
            return 0;
        }
    }

    private interface Timed {
        Run run(Map<String, String> environment) throws LauncherException, InterruptedException;
    }

    private void row(int runs, String what, String goal, Timed command) throws LauncherException, InterruptedException {
        String cold = figures(runs, () -> command.run(Map.of("FACILITYSYNC_CDS", "off")));
        String warm = figures(runs, () -> command.run(Map.of()));
        out.printf(Locale.ROOT, "%-28s %-26s %-26s <= %s s%n", what, cold, warm, goal);
        out.flush();
    }

    private interface Once {
        Run run() throws LauncherException, InterruptedException;
    }

    private static String figures(int runs, Once once) throws LauncherException, InterruptedException {
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            Run r = once.run();
            wall[i] = r.wall();
            cpu[i] = r.cpu();
        }
        Arrays.sort(wall);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", wall[0], median(wall), median(cpu));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Runs {@code bin/facilitysync words...} on {@code home} under bash, whose {@code times} gives the CPU
     * time of the finished command; fails with its stderr when it fails.
     */
    private Run timed(Path home, Map<String, String> environment, String... words)
            throws LauncherException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("bash", "-c",
                "\"$@\" >\"$BENCH_OUT\" 2>\"$BENCH_ERR\"; status=$?; times; exit $status", "bench",
                dist.resolve("bin/facilitysync").toString()));
        argv.addAll(List.of(words));
        Path outFile = null;
        Path errFile = null;
        try {
            outFile = Files.createTempFile("bench-start", ".out");
            errFile = Files.createTempFile("bench-start", ".err");
            ProcessBuilder builder = environment(new ProcessBuilder(argv), home, environment);
            builder.environment().put("BENCH_OUT", outFile.toString());
            builder.environment().put("BENCH_ERR", errFile.toString());
            long start = System.nanoTime();
            Process process = builder.start();
            String times = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw LauncherException.failure(words[0] + " did not finish within 10 minutes");
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (process.exitValue() != 0) {
                throw LauncherException.failure("bench start: " + String.join(" ", words) + " failed: "
                        + Files.readString(errFile).strip());
            }
            return new Run(wall, childCpu(times));
        } catch (IOException e) {
            throw LauncherException.failure("bench start: cannot run " + words[0] + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(outFile);
            deleteQuietly(errFile);
        }
    }

    /** {@code serve} on {@code home} until it answers morangoinfo over HTTP; then stopped (SIGTERM). */
    private Run serveToFirstAnswer(Path home, Map<String, String> environment)
            throws LauncherException, InterruptedException {
        int port = freePort();
        ProcessBuilder builder = environment(new ProcessBuilder(dist.resolve("bin/facilitysync").toString(), "serve"),
                home, environment);
        builder.environment().put(HttpEndpoint.PORT_ENV, Integer.toString(port));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/morango/v1/morangoinfo/1/"))
                .timeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw LauncherException.failure("bench start: cannot start serve: " + e.getMessage(), e);
        }
        try {
            while (true) {
                try {
                    if (client.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                    throw LauncherException.failure("bench start: serve on " + home + " did not answer");
                }
                Thread.sleep(5);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            return new Run(wall, cpu);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static ProcessBuilder environment(ProcessBuilder builder, Path home, Map<String, String> environment) {
        builder.environment().put(NodeHome.ENV, home.toString());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove(LogSettings.ENV);
        builder.environment().putAll(environment);
        return builder;
    }

    /** The children's user and system seconds from bash's {@code times} (its second line). */
    private static double childCpu(String times) {
        List<String> lines = times.strip().lines().toList();
        if (lines.size() < 2) {
            return Double.NaN;
        }
        double total = 0;
        for (String field : lines.get(1).trim().split("\\s+")) {
            int m = field.indexOf('m');
            if (m < 0 || !field.endsWith("s")) {
                return Double.NaN;
            }
            total += Integer.parseInt(field.substring(0, m)) * 60
                    + Double.parseDouble(field.substring(m + 1, field.length() - 1).replace(',', '.'));
        }
        return total;
    }

    private static int freePort() throws LauncherException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw LauncherException.failure("bench start: no free port: " + e.getMessage(), e);
        }
    }

    private static void deleteArchive(Path archive) throws LauncherException {
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw LauncherException.failure("bench start: cannot delete " + archive + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }
}
