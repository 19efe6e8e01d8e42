package org.facilitysync.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code facilitysync bench http [--records N] [--chunk-size C]}: a hub and a device as two processes on
 * loopback (each {@code -Xmx256m} unless {@code JAVA_OPTS} says otherwise): pull of N facility records, push
 * of N new ones, 1,000 changes pulled, a sync with nothing to send; prints each transfer's records/s,
 * bytes on the wire and seconds per stage, the whole command's time, each process's bytes written and CPU,
 * the raw-SQLite baseline of the same rows ({@link RawSqliteBaseline}) and the ratio, and each process's peak
 * heap. {@code --compare} runs the scenario twice, through the transfer path before issue #12 and the current
 * one, and prints the ratio. Figures are printed, not judged.
 */
final class HttpBench {

    private final Path dist;
    private final Path root;
    private final PrintStream out;

    HttpBench(Path dist, Path root, PrintStream out) {
        this.dist = dist;
        this.root = root;
        this.out = out;
    }

    static int chunkSize(List<String> args) throws LauncherException {
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--chunk-size") && i + 1 < args.size()) {
                try {
                    return Integer.parseInt(args.get(i + 1));
                } catch (NumberFormatException e) {
                    throw LauncherException.usage("bench http: --chunk-size must be a whole number, not '"
                            + args.get(i + 1) + "'");
                }
            }
        }
        return 500;
    }

    /**
     * The internal switch of the pre-#12 paths, for {@code --compare}: sync-core's BeforeIssue12.PROPERTY, spelled
     * out here because the launcher does not see sync-core's classes (the nodes are other processes).
     */
    static final String BEFORE_SWITCH = "-Dfacilitysync.bench.before=true";

    private static final Pattern RATE = Pattern.compile("completed: ([\\d,]+) records in ([\\d.]+) s");

    /** One scenario's figures: full pull and full push, records/s and seconds. */
    record Figures(double pullRate, double pullSeconds, double pushRate, double pushSeconds) {
    }

    int run(int records, int chunkSize, boolean compare) throws LauncherException, InterruptedException {
        String javaOpts = System.getenv().getOrDefault("JAVA_OPTS", "-Xmx256m");
        if (!compare) {
            run(records, chunkSize, javaOpts, root);
            return 0;
        }
        out.println("bench http --compare: the same scenario through the paths before issue #12 ("
                + BEFORE_SWITCH + ") and the current one, one after the other");
        Figures before = run(records, chunkSize, javaOpts + " " + BEFORE_SWITCH, root.resolve("before"));
        Figures after = run(records, chunkSize, javaOpts, root.resolve("after"));
        out.printf(Locale.ROOT, "compare %,d records:        before      after   after/before%n", records);
        out.printf(Locale.ROOT, "  full pull records/s  %9.0f  %9.0f   %.2fx%n", before.pullRate(), after.pullRate(),
                after.pullRate() / before.pullRate());
        out.printf(Locale.ROOT, "  full push records/s  %9.0f  %9.0f   %.2fx%n", before.pushRate(), after.pushRate(),
                after.pushRate() / before.pushRate());
        return 0;
    }

    private Figures run(int records, int chunkSize, String javaOpts, Path root)
            throws LauncherException, InterruptedException {
        try (NodeProcesses processes = new NodeProcesses(dist)) {
            Path hub = NodeProcesses.fresh(root.resolve("hub"));
            Path device = NodeProcesses.fresh(root.resolve("device"));
            Map<String, Path> homes = new LinkedHashMap<>();
            homes.put("hub", hub);
            homes.put("device", device);
            out.printf(Locale.ROOT, "bench http: %,d records, chunk size %d, JAVA_OPTS %s, homes in %s%n", records,
                    chunkSize, javaOpts, root);
            List<NodeProcesses.Started> started = processes.start(homes, javaOpts);
            String hubUrl = started.get(0).baseUrl();
            ProcessIo io = new ProcessIo(started.get(0).process().pid(), started.get(1).process().pid());
            String password = "bench-" + System.nanoTime();
            String dataset = Demo.createFacility(processes, hub, password);
            long t = System.nanoTime();
            out.println("hub:    " + processes.command(hub, "facility:generate", "--facility", dataset, "--records",
                    Integer.toString(records - 4)) + timing(t));
            String chunk = Integer.toString(chunkSize);

            t = System.nanoTime();
            io.mark();
            String pull = processes.command(device, "sync:sync", "--baseurl", hubUrl, "--facility",
                    dataset, "--username", "admin", "--password", password, "--no-push", "--chunk-size", chunk);
            report("pull of the facility", pull, t);
            out.println("    " + io.sinceMark());
            double[] pulled = rate(pull);
            String baseline = baseline(device, root, pulled[1]);
            out.println("    " + baseline);

            t = System.nanoTime();
            out.println("device: " + processes.command(device, "facility:generate", "--facility", dataset, "--records",
                    Integer.toString(records), "--seed", "2") + timing(t));
            t = System.nanoTime();
            io.mark();
            String push = processes.command(device, "sync:sync", "--baseurl", hubUrl, "--facility",
                    dataset, "--no-pull", "--chunk-size", chunk);
            report("push of new records", push, t);
            out.println("    " + io.sinceMark());
            double[] pushed = rate(push);
            out.println("    the same rows' raw baseline as for the pull: push/baseline "
                    + String.format(Locale.ROOT, "%.1fx", pushed[1] / baselineSeconds));

            double share = Math.min(1.0, 1000.0 / (2.0 * records));
            out.println("hub:    " + processes.command(hub, "facility:edit", "--seed", "5", "--share",
                    String.format(Locale.ROOT, "%.6f", share)));
            t = System.nanoTime();
            report("pull of the changes", processes.command(device, "sync:sync", "--baseurl", hubUrl, "--facility",
                    dataset, "--no-push", "--chunk-size", chunk), t);

            t = System.nanoTime();
            report("sync with nothing to send", processes.command(device, "sync:sync", "--baseurl", hubUrl,
                    "--facility", dataset, "--chunk-size", chunk), t);

            out.println("heap:   hub " + processes.command(hub, "sync:status"));
            out.println("        device " + processes.command(device, "sync:status"));
            return new Figures(pulled[0], pulled[1], pushed[0], pushed[1]);
        }
    }

    private double baselineSeconds = Double.NaN;

    /** The raw-SQLite baseline of the rows the device now holds (see {@link RawSqliteBaseline}). */
    private String baseline(Path device, Path root, double syncSeconds) {
        try {
            RawSqliteBaseline.Result result = RawSqliteBaseline.fromDistribution(dist)
                    .measure(device.resolve("data").resolve("node.sqlite"), root.resolve("baseline.sqlite"));
            baselineSeconds = result.seconds();
            return result.describe(syncSeconds);
        } catch (Exception e) {
            baselineSeconds = Double.NaN;
            return "raw SQLite baseline: not measured (" + e.getMessage() + ")";
        }
    }

    /** Records/s and seconds from a sync command's "completed: N records in S s" line; NaN when absent. */
    static double[] rate(String output) {
        Matcher matcher = RATE.matcher(output);
        if (!matcher.find()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double records = Double.parseDouble(matcher.group(1).replace(",", ""));
        double seconds = Double.parseDouble(matcher.group(2));
        return new double[] {records / seconds, seconds};
    }

    /** Bytes each node process handed to write calls, and its CPU time, between a mark and now (Linux). */
    private static final class ProcessIo {
        private final long[] pids;
        private long[][] mark;

        ProcessIo(long... pids) {
            this.pids = pids;
        }

        void mark() {
            mark = now();
        }

        String sinceMark() {
            long[][] now = now();
            return String.format(Locale.ROOT, "MiB written: hub %,d, device %,d; CPU s: hub %.1f, device %.1f",
                    (now[0][0] - mark[0][0]) >> 20, (now[1][0] - mark[1][0]) >> 20,
                    (now[0][1] - mark[0][1]) / 100.0, (now[1][1] - mark[1][1]) / 100.0);
        }

        private long[][] now() {
            long[][] values = new long[pids.length][2];
            for (int i = 0; i < pids.length; i++) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pids[i]), "io"))) {
                        if (line.startsWith("wchar:")) {
                            values[i][0] = Long.parseLong(line.substring(6).strip());
                        }
                    }
                    // utime + stime, in clock ticks (100 per second on Linux)
                    String stat = Files.readString(Path.of("/proc", Long.toString(pids[i]), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    values[i][1] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // not Linux, or the process is gone: zeros
                }
            }
            return values;
        }
    }

    private void report(String what, String output, long since) {
        out.printf(Locale.ROOT, "%s (whole command incl. handshake and process start %.2f s):%n", what,
                (System.nanoTime() - since) / 1e9);
        output.lines().forEach(line -> out.println("    " + line));
        out.flush();
    }

    private static String timing(long since) {
        return String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - since) / 1e9);
    }
}
