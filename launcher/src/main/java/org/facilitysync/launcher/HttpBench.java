package org.facilitysync.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code facilitysync bench http [--records N] [--chunk-size C]}: a hub and a device as two processes on
 * loopback (each {@code -Xmx256m} unless {@code JAVA_OPTS} says otherwise): pull of N facility records, push
 * of N new ones, 1,000 changes pulled, a sync with nothing to send; prints each transfer's records/s,
 * bytes on the wire and seconds per stage, the whole command's time, and each process's peak heap.
 * Figures are printed, not judged.
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

    int run(int records, int chunkSize) throws LauncherException, InterruptedException {
        String javaOpts = System.getenv().getOrDefault("JAVA_OPTS", "-Xmx256m");
        try (NodeProcesses processes = new NodeProcesses(dist)) {
            Path hub = NodeProcesses.fresh(root.resolve("hub"));
            Path device = NodeProcesses.fresh(root.resolve("device"));
            Map<String, Path> homes = new LinkedHashMap<>();
            homes.put("hub", hub);
            homes.put("device", device);
            out.printf(Locale.ROOT, "bench http: %,d records, chunk size %d, JAVA_OPTS %s, homes in %s%n", records,
                    chunkSize, javaOpts, root);
            String hubUrl = processes.start(homes, javaOpts).get(0).baseUrl();
            String password = "bench-" + System.nanoTime();
            String dataset = Demo.createFacility(processes, hub, password);
            long t = System.nanoTime();
            out.println("hub:    " + processes.command(hub, "facility:generate", "--facility", dataset, "--records",
                    Integer.toString(records - 4)) + timing(t));
            String chunk = Integer.toString(chunkSize);

            t = System.nanoTime();
            report("pull of the facility", processes.command(device, "sync:sync", "--baseurl", hubUrl, "--facility",
                    dataset, "--username", "admin", "--password", password, "--no-push", "--chunk-size", chunk), t);

            t = System.nanoTime();
            out.println("device: " + processes.command(device, "facility:generate", "--facility", dataset, "--records",
                    Integer.toString(records), "--seed", "2") + timing(t));
            t = System.nanoTime();
            report("push of new records", processes.command(device, "sync:sync", "--baseurl", hubUrl, "--facility",
                    dataset, "--no-pull", "--chunk-size", chunk), t);

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
            return 0;
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
