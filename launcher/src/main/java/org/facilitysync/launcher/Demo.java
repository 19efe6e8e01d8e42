package org.facilitysync.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code facilitysync demo [--records N]}: two nodes as separate processes on loopback, each with its own
 * home and embedded SQLite database. The hub creates a facility and fills it with N generated records; the
 * device imports it (a CSR with the hub admin's credentials, then a full pull); both edit records (some the
 * same ones); the device syncs both ways; the two nodes' data digests must then be equal. Everything goes
 * through the same commands an operator types, so the demo is also a walk-through.
 */
final class Demo {

    static final int DEFAULT_RECORDS = 10_000;
    static final Pattern DATASET = Pattern.compile("dataset ([0-9a-f]{32})");
    static final Pattern DIGEST = Pattern.compile("(\\d+) records, digest ([0-9a-f]+)");

    private final Path dist;
    private final Path root;
    private final PrintStream out;

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
                throw LauncherException.usage(args.get(0) + " takes only --records N, not '" + arg + "'");
            }
            try {
                records = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                records = -1;
            }
            if (records < 100 || records > 10_000_000) {
                throw LauncherException.usage(args.get(0) + ": --records must be a whole number from 100 to 10000000,"
                        + " not '" + value + "'");
            }
        }
        return records;
    }

    int run(int records) throws LauncherException, InterruptedException {
        try (NodeProcesses processes = new NodeProcesses(dist)) {
            return steps(processes, records);
        }
    }

    private int steps(NodeProcesses processes, int records) throws LauncherException, InterruptedException {
        Path hubHome = NodeProcesses.fresh(root.resolve("hub"));
        Path deviceHome = NodeProcesses.fresh(root.resolve("device"));
        out.printf(Locale.ROOT, "facilitysync demo: two nodes on loopback, homes in %s%n", root);
        long began = System.nanoTime();
        Map<String, Path> homes = new LinkedHashMap<>();
        homes.put("hub", hubHome);
        homes.put("device", deviceHome);
        String hubUrl = processes.start(homes, null).get(0).baseUrl();
        step("both nodes serving (hub at " + hubUrl + ")", began);

        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        long t = System.nanoTime();
        String datasetId = createFacility(processes, hubHome, password);
        step("hub: created facility " + datasetId + " (admin 'admin')", t);
        t = System.nanoTime();
        String generated = processes.command(hubHome, "facility:generate", "--facility", datasetId, "--records",
                Integer.toString(records - 4));
        step("hub: " + generated, t);

        t = System.nanoTime();
        String imported = processes.command(deviceHome, "sync:sync", "--baseurl", hubUrl, "--facility", datasetId,
                "--username", "admin", "--password", password, "--noninteractive");
        double importSeconds = (System.nanoTime() - t) / 1e9;
        step("device: imported the facility (certificate by CSR, pull, push)", t);
        indent(imported);

        t = System.nanoTime();
        String hubEdits = processes.command(hubHome, "facility:edit", "--seed", "11", "--share", "0.05");
        String deviceEdits = processes.command(deviceHome, "facility:edit", "--seed", "22", "--share", "0.05");
        step("edits (some of the same records): hub " + hubEdits + "; device " + deviceEdits, t);

        t = System.nanoTime();
        String synced = processes.command(deviceHome, "sync:sync", "--baseurl", hubUrl, "--facility", datasetId,
                "--noninteractive");
        double syncSeconds = (System.nanoTime() - t) / 1e9;
        step("device: synced both ways with the hub", t);
        indent(synced);

        Matcher hubDigest = digest(processes.command(hubHome, "facility:digest"));
        Matcher deviceDigest = digest(processes.command(deviceHome, "facility:digest"));
        boolean same = hubDigest.group(2).equals(deviceDigest.group(2))
                && hubDigest.group(1).equals(deviceDigest.group(1));
        out.println();
        out.println("summary");
        out.printf(Locale.ROOT, "  facility records         %,d%n", records);
        out.printf(Locale.ROOT, "  import (CSR, pull, push) %.2f s for the whole command%s%n", importSeconds,
                transfer(imported, "pull").map(rate -> "; the pull: " + rate).orElse(""));
        out.printf(Locale.ROOT, "  sync of the edits        %.2f s%n", syncSeconds);
        out.printf(Locale.ROOT, "  hub                      %s records, digest %s%n", hubDigest.group(1),
                hubDigest.group(2));
        out.printf(Locale.ROOT, "  device                   %s records, digest %s%n", deviceDigest.group(1),
                deviceDigest.group(2));
        out.printf(Locale.ROOT, "  same data on both nodes  %s%n", same ? "yes" : "NO");
        out.printf(Locale.ROOT, "  total                    %.1f s%n", (System.nanoTime() - began) / 1e9);
        return same ? 0 : LauncherException.FAILURE;
    }

    private static final Pattern TRANSFER = Pattern.compile(
            "^(pull|push) completed: ([\\d,]+ records in [\\d.]+ s \\([\\d,]+ records/s\\))", Pattern.MULTILINE);

    /** "N records in S s (R records/s)" of a direction, from sync:sync's result lines. */
    static Optional<String> transfer(String syncOutput, String direction) {
        Matcher m = TRANSFER.matcher(syncOutput);
        while (m.find()) {
            if (m.group(1).equals(direction)) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    static String createFacility(NodeProcesses processes, Path home, String password)
            throws LauncherException, InterruptedException {
        String created = processes.command(home, "sync:facility", "create", "Demo Facility", "--admin", "admin",
                "--password", password);
        Matcher dataset = DATASET.matcher(created);
        if (!dataset.find()) {
            throw LauncherException.failure("the node did not report the new facility's dataset: " + created);
        }
        return dataset.group(1);
    }

    static Matcher digest(String text) throws LauncherException {
        Matcher m = DIGEST.matcher(text);
        if (!m.find()) {
            throw LauncherException.failure("unexpected digest output: " + text);
        }
        return m;
    }

    private void step(String what, long since) {
        out.printf(Locale.ROOT, "  %-90s %6.2f s%n", what, (System.nanoTime() - since) / 1e9);
        out.flush();
    }

    /** The commands' result lines (their progress lines went by while they ran). */
    private void indent(String text) {
        text.lines().filter(line -> !line.matches("^(pull|push) \\w+ (pending|started|completed|errored).*"))
                .forEach(line -> out.println("      " + line));
    }
}
