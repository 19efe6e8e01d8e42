package org.facilitysync.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The embedded Felix framework of one node: the container bundles of {@code bundle/}, installed and
 * started by start level, plus whatever FileInstall brings in from {@code <home>/load}.
 */
final class Node {

    static final String CONFIG_ADMIN = ConfigurationAdmin.class.getName();
    static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    /**
     * Framework property: comma-separated symbolic names of container bundles that a one-shot
     * command's private node installs but does not start (it serves no HTTP, for example).
     */
    static final String COMMAND_INACTIVE = "facilitysync.command.inactive";

    /**
     * Service property by which a component says the node cannot work (its storage cannot start, for
     * example): its value is one line naming the cause and the file or setting to mend. A node that
     * has such a service while it starts does not serve and ends the command at once.
     */
    static final String STARTUP_FAILURE = "facilitysync.startup.failure";

    private final Framework framework;
    private final FrameworkLog log;
    private final Map<Path, Bundle> containerBundles;
    private final Path loadDir;
    private final Pattern loadFilter;
    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configurationAdmin;
    /** Notified on every bundle, service and framework event: what a settling node waits for. */
    private final Object changes = new Object();
    private long events;

    private Node(Framework framework, FrameworkLog log, Map<Path, Bundle> containerBundles, Path loadDir,
            Pattern loadFilter) {
        this.framework = framework;
        this.log = log;
        this.containerBundles = containerBundles;
        this.loadDir = loadDir;
        this.loadFilter = loadFilter;
        this.configurationAdmin = new ServiceTracker<>(framework.getBundleContext(), ConfigurationAdmin.class, null);
        this.configurationAdmin.open();
    }

    private void changed() {
        synchronized (changes) {
            events++;
            changes.notifyAll();
        }
    }

    /**
     * Creates the framework with {@code properties}, installs every jar of {@code bundleDir} at its
     * start level and starts the framework. Returns once the beginning start level is reached (Felix
     * raises it synchronously), so every container bundle that could start has started.
     */
    static Node boot(Path bundleDir, Map<String, Object> properties, FrameworkLog log, StartupTimeline timeline)
            throws LauncherException {
        Map<String, Object> props = new HashMap<>(properties);
        props.put("felix.log.logger", log);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Node.class.getClassLoader())
                .findFirst().orElseThrow(() -> LauncherException.failure(
                        "no OSGi framework on the class path: lib/ must hold the Felix framework jar"));
        @SuppressWarnings({ "unchecked", "rawtypes" }) // Felix accepts objects (felix.log.logger) in this map
        Framework framework = factory.newFramework((Map) props);
        try {
            framework.init();
            timeline.mark("framework initialised");
            timeline.watch(framework.getBundleContext(), watchedServices(props));
            String location = String.valueOf(props.get("felix.startlevel.bundle"));
            StartLevels levels = StartLevels.from(stringsOf(props), parseLevel(location, 1));
            Set<String> inactive = "command".equals(props.get("facilitysync.mode"))
                    ? names(props.get(COMMAND_INACTIVE)) : Set.of();
            Map<Path, Bundle> installed = installContainerBundles(framework.getBundleContext(), bundleDir, levels,
                    inactive);
            timeline.mark(installed.size() + " container bundles installed");
            String dir = (String) props.get("felix.fileinstall.dir");
            String filter = (String) props.get("felix.fileinstall.filter");
            Node node = new Node(framework, log, installed,
                    dir == null ? null : Path.of(dir).toAbsolutePath().normalize(), compileFilter(filter));
            BundleContext context = framework.getBundleContext();
            context.addBundleListener(event -> node.changed());
            context.addServiceListener(event -> node.changed());
            context.addFrameworkListener(event -> node.changed());
            framework.start();
            timeline.mark("framework started (start level " + props.get(Constants.FRAMEWORK_BEGINNING_STARTLEVEL) + ")");
            return node;
        } catch (BundleException e) {
            stopQuietly(framework);
            throw LauncherException.failure("the OSGi framework did not start: " + e.getMessage(), e);
        } catch (LauncherException e) {
            stopQuietly(framework);
            throw e;
        }
    }

    /*
     * Not org.apache.felix.main's AutoProcessor (felix.auto.deploy.dir / felix.auto.start.N), which does the same
     * job in outline but not in the ways a node relies on: it installs the deploy directory by copying each jar
     * into the framework storage (this storage is rebuilt at every start, so every start would copy ~40 jars;
     * here they are referenced in place), gives the whole directory one start level (here a level per symbolic
     * name, StartLevels, for SPI Fly before slf4j), tries to start fragments, cannot leave a bundle installed but
     * not started (a one-shot command's Jetty), and prints a jar it cannot install to stderr and goes on, where a
     * node must stop with the file named and a non-zero exit status.
     */
    private static Map<Path, Bundle> installContainerBundles(BundleContext context, Path bundleDir,
            StartLevels levels, Set<String> inactive) throws LauncherException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bundleDir, "*.jar")) {
            files.forEach(jars::add);
        } catch (IOException e) {
            throw LauncherException.failure("cannot list the container bundles in " + bundleDir + ": " + e, e);
        }
        if (jars.isEmpty()) {
            throw LauncherException.failure("no bundles in " + bundleDir + ": the distribution is incomplete");
        }
        jars.sort(null);
        Map<Path, Bundle> installed = new LinkedHashMap<>();
        for (Path jar : jars) {
            Bundle bundle;
            try {
                // In place (reference:): the framework storage holds no copy, so a start copies no jars.
                bundle = context.installBundle("reference:" + jar.toUri());
            } catch (BundleException e) {
                throw LauncherException.failure("cannot install " + bundleDir.getFileName() + "/" + jar.getFileName()
                        + ": " + e.getMessage(), e);
            }
            bundle.adapt(BundleStartLevel.class).setStartLevel(levels.levelOf(bundle.getSymbolicName()));
            installed.put(jar, bundle);
        }
        for (Iterator<Bundle> it = installed.values().iterator(); it.hasNext();) {
            Bundle bundle = it.next();
            if (inactive.contains(bundle.getSymbolicName())) {
                it.remove(); // installed, so what needs its packages resolves; not started, not awaited
            } else if (!isFragment(bundle)) {
                try {
                    // Persistent start: the bundle starts when the framework reaches its start level.
                    bundle.start();
                } catch (BundleException e) {
                    throw LauncherException.failure("cannot mark " + bundle.getSymbolicName() + " for start: "
                            + e.getMessage(), e);
                }
            }
        }
        return installed;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    boolean isActive() {
        return (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }

    /** Blocks until the framework has stopped, for whatever reason (Ctrl-C, {@code stop 0}, exit). */
    void waitForStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and waits at most {@code timeout} for it. */
    void stop(Duration timeout) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
            }
            framework.waitForStop(timeout.toMillis());
        } catch (BundleException e) {
            LogSettings.warn("stopping the framework failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What keeps a node from being settled: pending items may still resolve, failures will not. */
    record SettleReport(List<String> pending, List<String> failures, List<String> fatal) {
        boolean settled() {
            return pending.isEmpty();
        }

        List<String> all() {
            List<String> all = new ArrayList<>(failures);
            all.addAll(pending);
            return all;
        }
    }

    /**
     * Waits until the node is settled: every container bundle active, every jar in {@code load/}
     * installed and started, every configuration file in {@code load/} applied, and the Gogo command
     * processor registered. Gives up after {@code timeout} and says what is still missing.
     */
    /** Framework property: comma-separated service names a settled node has registered. */
    static final String SETTLE_SERVICES = "facilitysync.settle.services";

    SettleReport awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (changes) {
                seen = events;
            }
            // Checked outside the monitor: listeners run on threads that may hold framework locks.
            SettleReport report = check();
            long left = deadline - System.nanoTime();
            if (report.settled() || !report.fatal().isEmpty() || left <= 0 || !isActive()) {
                return report;
            }
            synchronized (changes) {
                if (events == seen) {
                    // Woken by the next bundle, service or framework event; a configuration file applied
                    // by FileInstall raises none the launcher sees, hence the short bound.
                    changes.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 20)));
                }
            }
        }
    }

    SettleReport check() {
        List<String> pending = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> fatal = new ArrayList<>();
        for (Map.Entry<Path, Bundle> e : containerBundles.entrySet()) {
            Bundle bundle = e.getValue();
            if (!isUp(bundle)) {
                String why = log.lastError(bundle.getBundleId());
                failures.add("bundle/" + e.getKey().getFileName() + " (" + bundle.getSymbolicName() + ") is "
                        + stateName(bundle.getState()) + (why == null ? "" : ": " + why));
            }
        }
        BundleContext context = framework.getBundleContext();
        if (context == null) {
            failures.add("the framework has stopped");
            return new SettleReport(pending, failures, fatal);
        }
        try {
            ServiceReference<?>[] broken = context.getServiceReferences((String) null, "(" + STARTUP_FAILURE + "=*)");
            for (ServiceReference<?> reference : broken == null ? new ServiceReference<?>[0] : broken) {
                fatal.add(String.valueOf(reference.getProperty(STARTUP_FAILURE)));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (context.getServiceReference(COMMAND_PROCESSOR) == null) {
            pending.add("the Gogo command processor is not registered yet");
        }
        // The services commands need (facilitysync.settle.services): a command or a client that arrives
        // the moment the node says it serves must find them, not race their components' activation.
        String services = context.getProperty(SETTLE_SERVICES);
        if (services != null) {
            for (String service : services.split(",")) {
                String name = service.strip();
                if (!name.isEmpty() && context.getServiceReference(name) == null) {
                    pending.add("service " + name + " is not registered yet");
                }
            }
        }
        if (loadDir != null) {
            checkLoadDirectory(context, pending, failures);
        }
        return new SettleReport(pending, failures, fatal);
    }

    private void checkLoadDirectory(BundleContext context, List<String> pending, List<String> failures) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(loadDir)) {
            for (Path f : dir) {
                if (Files.isRegularFile(f) && loadFilter.matcher(f.getFileName().toString()).matches()) {
                    files.add(f.toAbsolutePath().normalize());
                }
            }
        } catch (IOException e) {
            failures.add("cannot list " + loadDir + ": " + e);
            return;
        }
        Map<Path, Bundle> byFile = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            Path p = fileOf(b.getLocation());
            if (p != null) {
                byFile.put(p, b);
            }
        }
        Set<Path> appliedConfigs = null;
        for (Path f : files) {
            String name = "load/" + f.getFileName();
            if (f.getFileName().toString().endsWith(".jar")) {
                Bundle b = byFile.get(f);
                if (b == null) {
                    String broken = unreadableJar(f);
                    if (broken != null) {
                        failures.add(name + " is not a readable jar, FileInstall cannot install it: " + broken);
                    } else {
                        pending.add(name + " is not installed yet");
                    }
                } else if (!isUp(b)) {
                    if (b.getState() == Bundle.INSTALLED
                            && !framework.adapt(FrameworkWiring.class).resolveBundles(List.of(b))) {
                        failures.add(name + " (" + b.getSymbolicName() + ") cannot be resolved: a requirement is"
                                + " missing (the fileinstall warning names it; so does 'start " + b.getBundleId() + "' in the shell)");
                    } else {
                        pending.add(name + " (" + b.getSymbolicName() + ") is " + stateName(b.getState())
                                + ", not started yet");
                    }
                }
            } else {
                if (appliedConfigs == null) {
                    appliedConfigs = appliedConfigurationFiles();
                }
                if (appliedConfigs == null) {
                    pending.add("ConfigAdmin is not available yet to apply " + name);
                } else if (!appliedConfigs.contains(f)) {
                    pending.add(name + " is not applied yet");
                }
            }
        }
    }

    /** Why a file is not a readable jar, or null when it is one (which may still not be a bundle). */
    private static String unreadableJar(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            return jar.getManifest() == null ? "it has no META-INF/MANIFEST.MF" : null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * The files FileInstall has turned into configurations, or null when ConfigAdmin is not there (yet).
     * The launcher sees ConfigAdmin's API because the system bundle exports it from the launcher's class path
     * ({@code org.osgi.framework.system.packages.extra} in conf/config.properties), so the ConfigAdmin bundle
     * and the launcher share one {@link ConfigurationAdmin} class.
     */
    private Set<Path> appliedConfigurationFiles() {
        ConfigurationAdmin admin = configurationAdmin.getService();
        if (admin == null) {
            return null;
        }
        try {
            Configuration[] configurations = admin.listConfigurations("(" + FILEINSTALL_FILENAME + "=*)");
            Set<Path> files = new HashSet<>();
            for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
                Dictionary<String, Object> properties = configuration.getProperties();
                Object file = properties == null ? null : properties.get(FILEINSTALL_FILENAME);
                Path p = file == null ? null : fileOf(file.toString());
                if (p != null) {
                    files.add(p);
                }
            }
            return files;
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            return null; // ConfigAdmin is stopping; the next check asks again
        }
    }

    private static Path fileOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isUp(Bundle b) {
        return b.getState() == Bundle.ACTIVE || (isFragment(b) && b.getState() == Bundle.RESOLVED);
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "uninstalled";
            case Bundle.INSTALLED -> "installed (not resolved)";
            case Bundle.RESOLVED -> "resolved (not active)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "in state " + state;
        };
    }

    private static Pattern compileFilter(String regex) throws LauncherException {
        if (regex == null || regex.isBlank()) {
            return Pattern.compile(".*");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw LauncherException.failure("conf/config.properties: felix.fileinstall.filter is not a valid"
                    + " regular expression: " + e.getDescription());
        }
    }

    private static Set<String> names(Object commaSeparated) {
        Set<String> names = new HashSet<>();
        if (commaSeparated != null) {
            for (String name : commaSeparated.toString().split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }

    /** The services whose registration the timeline shows: what commands wait for. */
    private static List<String> watchedServices(Map<String, Object> props) {
        List<String> services = new ArrayList<>(List.of(COMMAND_PROCESSOR, CONFIG_ADMIN,
                "org.facilitysync.core.internal.storage.Database", "org.osgi.service.servlet.runtime.HttpServiceRuntime"));
        services.addAll(names(props.get(SETTLE_SERVICES)));
        return services;
    }

    private static Map<String, String> stringsOf(Map<String, Object> props) {
        Map<String, String> strings = new HashMap<>();
        for (Iterator<Map.Entry<String, Object>> it = props.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Object> e = it.next();
            if (e.getValue() instanceof String s) {
                strings.put(e.getKey(), s);
            }
        }
        return strings;
    }

    private static int parseLevel(String text, int fallback) {
        try {
            return Integer.parseInt(text.trim());
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | RuntimeException e) {
            // Already failing; the original error is what the operator needs.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
