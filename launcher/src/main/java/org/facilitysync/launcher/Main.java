package org.facilitysync.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.facilitysync.launcher.LauncherArguments.Mode;
import org.facilitysync.launcher.LogSettings.LogLevel;
import org.osgi.framework.Constants;

/**
 * {@code facilitysync}: runs a facilitysync node (Felix with the container bundles of
 * {@code bundle/}) as a server, as an interactive Gogo shell, or for one command.
 */
public final class Main {

    static final String USAGE = """
            usage: facilitysync [--home DIR] [--verbose] <mode | command> [args...]

            modes:
              serve           run the node until Ctrl-C or SIGTERM; one-shot commands on the same
                              home attach to it through a local command port (run/command-port)
              shell           run the node with the interactive Gogo shell (g! prompt);
                              leave with exit, stop 0 or Ctrl-D
              demo [--records N]
                              two nodes on loopback (homes in <home>/demo): a facility of N
                              generated records (default 10000) on one, imported by the other,
                              edited on both, synced both ways, compared; prints a summary
              bench http [--records N] [--chunk-size C] [--compare]
                              a hub and a device as processes (JAVA_OPTS, default -Xmx256m):
                              pull of N records, push of N, 1,000 changes, an idle sync; figures
              bench start [--runs N]
                              start-up times, cold and warm (N runs each, default 5): a sync with
                              nothing to send, sync:status, sync:pipeline, serve to its first answer
              help            show this text

            commands (one-shot: attach to the node serving the home, or boot a private node):
              pipeline        list every stage's operations in run order, then the hooks
              NAME [ARGS...]  run sync:NAME, or any other Gogo command (e.g. lb, scr:list)

            options (before the mode or command):
              --home DIR      the node's home: load/ (plugins, .cfg files), felix-cache/, run/, log/
                              (default: $FACILITYSYNC_HOME, else the distribution directory)
              --verbose       print stack traces; say whether a command attached or booted a node;
                              print the node's start-up timeline (ms since the JVM started)

            environment:
              FACILITYSYNC_HOME       the node's home
              FACILITYSYNC_LOG_LEVEL  trace, debug, info, warn, error or off
                                      (default: info for serve and shell, warn for commands)
              FACILITYSYNC_HTTP_PORT  the Morango API port of serve and shell (0: any free port;
                                      default conf/config.properties, 8000)
              JAVA_OPTS               JVM options, e.g. -Dfelix.fileinstall.poll=200

            exit status: 0 ok, 1 the command or the node failed, 2 usage error (unknown command,
            wrong arguments, bad option)
            """;

    static final String SETTLE_TIMEOUT = "facilitysync.settle.timeout";

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final StartupTimeline timeline = new StartupTimeline();
    /** Where the node logs (stderr, held back while it starts): see {@link #holdLog}. */
    private PrintStream nodeLog;
    /** The node's home once known, so that a failure line can say when its disk is full. */
    private Path homeDir;

    private Main(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
        timeline.mark("launcher started");
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        System.exit(main.run(args));
    }

    int run(String[] args) {
        boolean verbose = false;
        try {
            LauncherArguments arguments = LauncherArguments.parse(args);
            verbose = arguments.verbose();
            return switch (arguments.mode()) {
                case NONE -> {
                    stderr.print(USAGE);
                    yield LauncherException.USAGE;
                }
                case HELP -> {
                    stdout.print(USAGE);
                    yield 0;
                }
                case SERVE -> serve(arguments);
                case SHELL -> shell(arguments);
                case COMMAND -> command(arguments);
                case DEMO -> demo(arguments);
                case BENCH_HTTP -> benchHttp(arguments);
                case BENCH_START -> benchStart(arguments);
            };
        } catch (LauncherException e) {
            stderr.println("facilitysync: " + e.getMessage() + DiskSpace.whenFull(homeDir));
            if (verbose && e.getCause() != null) {
                e.getCause().printStackTrace(stderr);
            }
            return e.exitStatus();
        } catch (InterruptedException e) {
            stderr.println("facilitysync: interrupted");
            return LauncherException.FAILURE;
        } catch (RuntimeException e) {
            stderr.println("facilitysync: internal error: " + e);
            if (verbose) {
                e.printStackTrace(stderr);
            }
            return LauncherException.FAILURE;
        }
    }

    // ----------------------------------------------------------------------------------------- demo

    private int demo(LauncherArguments arguments) throws LauncherException, InterruptedException {
        int records = Demo.records(arguments.command());
        Path dist = distribution();
        NodeHome home = home(arguments, dist);
        return new Demo(dist, home.dir().resolve("demo"), stdout).run(records);
    }

    private int benchHttp(LauncherArguments arguments) throws LauncherException, InterruptedException {
        List<String> args = new ArrayList<>(arguments.command());
        int chunk = HttpBench.chunkSize(args);
        int index = args.indexOf("--chunk-size");
        if (index > 0) {
            args.subList(index, Math.min(args.size(), index + 2)).clear();
        }
        boolean compare = args.remove("--compare");
        int records = Demo.records(args);
        Path dist = distribution();
        NodeHome home = home(arguments, dist);
        return new HttpBench(dist, home.dir().resolve("bench-http"), stdout).run(records, chunk, compare);
    }

    private int benchStart(LauncherArguments arguments) throws LauncherException, InterruptedException {
        int runs = StartBench.runs(arguments.command());
        Path dist = distribution();
        NodeHome home = home(arguments, dist);
        return new StartBench(dist, home.dir().resolve("bench-start"), stdout).run(runs);
    }

    // ---------------------------------------------------------------------------------------- serve

    private int serve(LauncherArguments arguments) throws LauncherException, InterruptedException {
        Path dist = distribution();
        NodeHome home = home(arguments, dist);
        home.prepare(dist.resolve("load"));
        LogLevel level = LogSettings.choose(LogLevel.INFO, System.getenv(LogSettings.ENV), System.getProperties());
        BootLog bootLog = holdLog(arguments.verbose());
        LogSettings.apply(level, nodeLog);
        try (FileLock lock = lockHome(home)) {
            Map<String, Object> properties = frameworkProperties(dist, home, Mode.SERVE, home.felixCache(), level);
            // Before anything starts: a port another program holds is said in one line, at once.
            HttpEndpoint.checkAvailable(properties, home.load());
            Node node = Node.boot(dist.resolve("bundle"), properties, new FrameworkLog(level.felix), timeline);
            Publication publication = new Publication(home);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                publication.withdraw();
                if (node.isActive()) {
                    LogSettings.info("stopping the node (home " + home.dir() + ")");
                }
                node.stop(Duration.ofSeconds(20));
            }, "facilitysync shutdown"));

            Duration timeout = settleTimeout(properties);
            settle(node, timeout, bootLog);
            CommandPortServer server;
            try {
                server = CommandPortServer.open(CommandPortFile.newToken(),
                        new GogoCommands(node.context(), nodeLog, true));
            } catch (IOException e) {
                node.stop(Duration.ofSeconds(20));
                throw LauncherException.failure("cannot open the local command port: " + e.getMessage(), e);
            }
            // The file appears only now, when the node is settled: tests and scripts wait for it.
            // The actual HTTP address (port 0 asks for any free port): scripts and tests parse it.
            String endpoint = HttpEndpoint.await(node.context(), Duration.ofSeconds(10)).orElse(null);
            if (endpoint == null) {
                Optional<String> notServing = HttpEndpoint.whyNotServing(node.context(), properties);
                if (notServing.isPresent()) {
                    server.close();
                    node.stop(Duration.ofSeconds(20));
                    throw LauncherException.failure(notServing.get());
                }
                LogSettings.warn("the HTTP service announced no endpoint: this node serves no Morango API"
                        + " (is org.apache.felix.http.jetty12 in bundle/?)");
            }
            if (publication.publish(server)) {
                timeline.mark("serving" + (endpoint == null ? "" : " at " + endpoint));
                stdout.println("facilitysync serving (home " + home.dir() + ", command port 127.0.0.1:" + server.port()
                        + ")" + (endpoint == null ? "" : " at " + endpoint) + "; stop with Ctrl-C");
                stdout.flush();
                if (arguments.verbose()) {
                    timeline.print(stderr);
                }
            }
            node.waitForStop();
            publication.withdraw();
            return 0;
        } catch (IOException e) {
            throw LauncherException.failure("cannot lock " + home.lockFile() + ": " + e.getMessage(), e);
        } catch (LauncherException e) {
            bootLog.drop(); // a node that cannot start ends with the one line that names the cause
            throw e;
        } finally {
            bootLog.release();
        }
    }

    /**
     * The node's log, as {@code System.err}, held back while the node starts unless {@code verbose}; the
     * launcher's own lines still go to its {@code stderr}.
     */
    private BootLog holdLog(boolean verbose) {
        BootLog bootLog = new BootLog(stderr, !verbose);
        // Kept here: once Gogo runs, System.err is its per-thread stream, which on a command's thread is
        // the command's own stderr; the node's log must not be written back into it.
        nodeLog = new PrintStream(bootLog, true);
        System.setErr(nodeLog);
        return bootLog;
    }

    /**
     * Waits for the node to settle. A component that says the node cannot work (its storage, say) ends
     * the start at once with its one line; the log held back on the way is dropped with it.
     */
    private void settle(Node node, Duration timeout, BootLog bootLog) throws InterruptedException, LauncherException {
        Node.SettleReport settled = node.awaitSettled(timeout);
        timeline.mark(settled.fatal().isEmpty() ? (settled.settled() ? "settled" : "not settled") : "failed");
        if (!settled.fatal().isEmpty()) {
            bootLog.drop();
            node.stop(Duration.ofSeconds(20));
            throw LauncherException.failure(settled.fatal().get(0));
        }
        bootLog.release();
        report(settled, timeout);
    }

    /** The command port and its file, withdrawn exactly once, whoever stops first. */
    private static final class Publication {
        private final NodeHome home;
        private CommandPortServer server;
        private CommandPortFile.Info info;
        private boolean withdrawn;

        Publication(NodeHome home) {
            this.home = home;
        }

        synchronized boolean publish(CommandPortServer opened) throws LauncherException {
            if (withdrawn) {
                opened.close(); // the node is already stopping (Ctrl-C during start)
                return false;
            }
            server = opened;
            info = new CommandPortFile.Info(opened.port(), opened.token(), ProcessHandle.current().pid());
            try {
                CommandPortFile.write(home.commandPortFile(), info);
            } catch (IOException e) {
                throw LauncherException.failure("cannot write " + home.commandPortFile() + ": " + e.getMessage(), e);
            }
            return true;
        }

        synchronized void withdraw() {
            withdrawn = true;
            if (info != null) {
                CommandPortFile.deleteIfOurs(home.commandPortFile(), info);
                info = null;
            }
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    // ---------------------------------------------------------------------------------------- shell

    private int shell(LauncherArguments arguments) throws LauncherException, InterruptedException {
        Path dist = distribution();
        NodeHome home = home(arguments, dist);
        home.prepare(dist.resolve("load"));
        LogLevel level = LogSettings.choose(LogLevel.INFO, System.getenv(LogSettings.ENV), System.getProperties());
        LogSettings.apply(level, stderr);
        try (FileLock lock = lockHome(home)) {
            Map<String, Object> properties = frameworkProperties(dist, home, Mode.SHELL, home.felixCache(), level);
            stderr.println("facilitysync shell (home " + home.dir() + "): try sync:pipeline, lb, scr:list;"
                    + " leave with exit, stop 0 or Ctrl-D");
            Node node = Node.boot(dist.resolve("bundle"), properties, new FrameworkLog(level.felix), timeline);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> node.stop(Duration.ofSeconds(20)),
                    "facilitysync shutdown"));
            Hashtable<String, Object> exitCommand = new Hashtable<>();
            exitCommand.put("osgi.command.scope", "gogo");
            exitCommand.put("osgi.command.function", new String[] { "exit" });
            ShellExit exit = new ShellExit(node.context());
            node.context().registerService(Object.class.getName(), exit, exitCommand);

            // The prompt comes once the node has settled, so that commands typed (or piped) at once
            // find the sync commands and this shell's exit already registered.
            Duration timeout = settleTimeout(properties);
            report(node.awaitSettled(timeout), timeout);
            GogoCommands gogo = new GogoCommands(node.context(), stderr, true);
            Thread console = new Thread(() -> {
                try {
                    // The terminal's own descriptors: Gogo replaces System.out/err with per-thread
                    // streams that would write back into themselves.
                    gogo.interactive(new FileInputStream(FileDescriptor.in),
                            new PrintStream(new FileOutputStream(FileDescriptor.out), true),
                            new PrintStream(new FileOutputStream(FileDescriptor.err), true));
                } catch (LauncherException e) {
                    stderr.println("facilitysync: " + e.getMessage());
                }
                node.stop(Duration.ofSeconds(20)); // end of input ends the shell and the node
            }, "facilitysync shell");
            console.setDaemon(true);
            console.start();
            node.waitForStop();
            return exit.status();
        } catch (IOException e) {
            throw LauncherException.failure("cannot lock " + home.lockFile() + ": " + e.getMessage(), e);
        }
    }

    // -------------------------------------------------------------------------------------- command

    private int command(LauncherArguments arguments) throws LauncherException, InterruptedException {
        Path dist = distribution();
        NodeHome home = home(arguments, dist);
        String line = GogoCommandLine.join(withProgressStyle(arguments.command(), System.console() != null));
        boolean verbose = arguments.verbose();

        Optional<CommandPortFile.Info> serving = CommandPortFile.read(home.commandPortFile());
        if (serving.isPresent()) {
            CommandPortFile.Info info = serving.get();
            if (verbose) {
                stderr.println("facilitysync: attaching to the node serving " + home.dir() + " (pid " + info.pid()
                        + ", command port 127.0.0.1:" + info.port() + ")");
            }
            try {
                Optional<CommandPortProtocol.Exit> exit = CommandPortClient.run(info, line, stdout, stderr, verbose);
                if (exit.isPresent()) {
                    if (exit.get().status() != 0) {
                        stderr.println("facilitysync: " + exit.get().message() + DiskSpace.whenFull(homeDir));
                    }
                    return exit.get().status();
                }
                if (verbose) {
                    stderr.println("facilitysync: " + home.commandPortFile() + " is stale (process " + info.pid()
                            + " is gone or no facilitysync node answers on port " + info.port()
                            + "); booting a private node");
                }
            } catch (IOException e) {
                throw LauncherException.failure("lost the connection to the node serving " + home.dir() + ": "
                        + e.getMessage(), e);
            }
        }

        home.prepare(dist.resolve("load"));
        LogLevel level = LogSettings.choose(LogLevel.WARN, System.getenv(LogSettings.ENV), System.getProperties());
        BootLog bootLog = holdLog(verbose);
        // stdout carries only the command's output: anything else a bundle prints goes to stderr.
        System.setOut(nodeLog);
        LogSettings.apply(level, nodeLog);
        long started = System.nanoTime();
        Path storage;
        try {
            storage = Files.createTempDirectory("facilitysync-");
        } catch (IOException e) {
            throw LauncherException.failure("cannot create a temporary framework storage: " + e.getMessage(), e);
        }
        try {
            Map<String, Object> properties = frameworkProperties(dist, home, Mode.COMMAND, storage, level);
            Node node = Node.boot(dist.resolve("bundle"), properties, new FrameworkLog(level.felix), timeline);
            try {
                settle(node, settleTimeout(properties), bootLog);
                if (verbose) {
                    stderr.println("facilitysync: no node is serving " + home.dir() + "; booted a private node in "
                            + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
                }
                CommandRunner.Outcome outcome = new GogoCommands(node.context(), nodeLog, verbose).run(line, stdout,
                        stderr);
                stdout.flush();
                timeline.mark("command ran");
                if (ArchiveWarmup.wanted()) {
                    ArchiveWarmup.run(node.context());
                }
                if (outcome.status() != 0) {
                    stderr.println("facilitysync: " + outcome.message() + DiskSpace.whenFull(homeDir));
                    if (verbose && outcome.error() != null) {
                        outcome.error().printStackTrace(stderr);
                    }
                }
                return outcome.status();
            } finally {
                node.stop(Duration.ofSeconds(20));
                timeline.mark("node stopped");
            }
        } finally {
            deleteTree(storage);
            bootLog.release();
            if (verbose) {
                timeline.print(stderr);
            }
        }
    }

    /**
     * A sync run from a terminal shows its progress as one line rewritten in place; the command runs in
     * the node (perhaps a serving one), which cannot see this terminal, so the launcher says so with the
     * command's own {@code --progress} option unless the operator gave one.
     */
    static List<String> withProgressStyle(List<String> command, boolean terminal) {
        String name = command.isEmpty() ? "" : command.get(0);
        boolean sync = List.of("sync", "sync:sync", "resume", "sync:resume").contains(name);
        boolean given = command.stream().anyMatch(w -> w.equals("--progress") || w.startsWith("--progress="));
        if (!terminal || !sync || given) {
            return command;
        }
        List<String> styled = new ArrayList<>(command);
        styled.add("--progress=line");
        return styled;
    }

    // ------------------------------------------------------------------------------------- helpers

    /** The distribution directory: {@code -Dfacilitysync.dist}, else the parent of this jar's lib/. */
    static Path distribution() throws LauncherException {
        String explicit = System.getProperty("facilitysync.dist");
        Path dist;
        if (explicit != null && !explicit.isBlank()) {
            dist = Path.of(explicit);
        } else {
            try {
                Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                dist = jar.getParent().getParent();
            } catch (URISyntaxException | RuntimeException e) {
                throw LauncherException.failure("cannot tell where the distribution is; set -Dfacilitysync.dist");
            }
        }
        dist = dist.toAbsolutePath().normalize();
        if (!Files.isDirectory(dist.resolve("bundle")) || !Files.isRegularFile(dist.resolve("conf/config.properties"))) {
            throw LauncherException.failure(dist + " is not a facilitysync distribution (it needs bundle/ and"
                    + " conf/config.properties)");
        }
        return dist;
    }

    private NodeHome home(LauncherArguments arguments, Path dist) {
        String env = System.getenv(NodeHome.ENV);
        NodeHome home = arguments.home().map(NodeHome::new)
                .orElseGet(() -> new NodeHome(env != null && !env.isBlank() ? Path.of(env) : dist));
        homeDir = home.dir();
        return home;
    }

    /** One serving or shell node per home: they share felix-cache/ and run/. */
    private static FileLock lockHome(NodeHome home) throws IOException, LauncherException {
        FileChannel channel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw LauncherException.failure("another facilitysync node (serve or shell) is running on home "
                    + home.dir() + "; stop it first (one-shot commands attach to a serving node)");
        }
        return lock;
    }

    private static Map<String, Object> frameworkProperties(Path dist, NodeHome home, Mode mode, Path storage,
            LogLevel level) throws LauncherException {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("facilitysync.home", home.dir().toString());
        variables.put("facilitysync.dist", dist.toString());
        Map<String, String> config = ConfigProperties.load(dist.resolve("conf/config.properties"), variables,
                System.getProperties());
        Map<String, Object> properties = new HashMap<>(config);
        // Bundles read these with BundleContext.getProperty (for example where to keep their data).
        properties.putAll(variables);
        properties.put("facilitysync.mode", mode.name().toLowerCase(Locale.ROOT));
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.log.level", Integer.toString(level.felix));
        // The shell bundle stays active for its commands (echo, grep, each...) but reads no terminal
        // itself; shell mode opens the interactive session once the node has settled.
        properties.put("gosh.args", "--nointeractive --noshutdown");
        if (mode == Mode.COMMAND) {
            // A private one-shot node must not rewrite the .cfg files a serving node also watches.
            properties.put("felix.fileinstall.enableConfigSave", "false");
            // Nor take the HTTP port of the node that serves: a one-shot command is a client only.
            // Felix HTTP says so at WARN ("Jetty not started"); here that is the intent, not news.
            properties.put(HttpEndpoint.ENABLE_PROPERTY, "false");
            System.setProperty(LogSettings.SIMPLE + "log.org.apache.felix.http", "error");
        } else {
            HttpEndpoint.applyPortVariable(System.getenv(HttpEndpoint.PORT_ENV), properties);
        }
        return properties;
    }

    private static Duration settleTimeout(Map<String, Object> properties) throws LauncherException {
        Object value = properties.getOrDefault(SETTLE_TIMEOUT, "15");
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.toString().trim()) * 1000));
        } catch (NumberFormatException e) {
            throw LauncherException.failure("conf/config.properties: " + SETTLE_TIMEOUT + "='" + value
                    + "' is not a number of seconds");
        }
    }

    private static void report(Node.SettleReport report, Duration timeout) {
        for (String failure : report.fatal()) {
            LogSettings.warn(failure);
        }
        for (String failure : report.failures()) {
            LogSettings.warn(failure);
        }
        if (!report.settled()) {
            LogSettings.warn("the node did not settle within " + timeout.toSeconds() + " s: "
                    + String.join("; ", report.pending()));
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LogSettings.warn("could not delete the temporary framework storage " + root + ": " + e.getMessage());
        }
    }
}
