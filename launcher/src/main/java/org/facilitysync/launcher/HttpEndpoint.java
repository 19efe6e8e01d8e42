package org.facilitysync.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Where the node's HTTP service actually listens: the {@code osgi.http.endpoint} property of the
 * servlet whiteboard's {@code HttpServiceRuntime} service (the real port also when port 0 asked for
 * any free one), and the launcher's part of the HTTP settings.
 */
final class HttpEndpoint {

    /** The environment variable that sets the port of {@code serve} (0: any free port). */
    static final String PORT_ENV = "FACILITYSYNC_HTTP_PORT";

    /** Felix HTTP's framework property for the port. */
    static final String PORT_PROPERTY = "org.osgi.service.http.port";

    /** Felix HTTP's switch for its plain-HTTP connector. */
    static final String ENABLE_PROPERTY = "org.apache.felix.http.enable";

    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final String ENDPOINT = "osgi.http.endpoint";

    private HttpEndpoint() {
    }

    /**
     * Applies {@value #PORT_ENV} to the framework properties.
     *
     * @throws LauncherException naming the variable and value when it is not a port number
     */
    static void applyPortVariable(String value, Map<String, Object> properties) throws LauncherException {
        if (value == null || value.isBlank()) {
            return;
        }
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw LauncherException.failure(PORT_ENV + "='" + value + "' is not a port number (0 to 65535; 0: any free port)");
        }
        if (port < 0 || port > 65535) {
            throw LauncherException.failure(PORT_ENV + "='" + value + "' is not a port number (0 to 65535; 0: any free port)");
        }
        properties.put(PORT_PROPERTY, Integer.toString(port));
    }

    /** Felix HTTP's framework property for the address to listen on. */
    static final String HOST_PROPERTY = "org.apache.felix.http.host";

    /** The ConfigAdmin file in {@code load/} that overrides the HTTP settings at runtime. */
    static final String CONFIG_FILE = "org.apache.felix.http.cfg";

    /**
     * Says in one line, before the node starts, that the HTTP address it is to serve on is taken or
     * cannot be used: Jetty would otherwise log traces and leave the node without its API.
     *
     * @param properties the framework properties; {@code load/org.apache.felix.http.cfg} overrides them
     * @throws LauncherException naming the address and the settings that chose it
     */
    static void checkAvailable(Map<String, Object> properties, Path loadDir) throws LauncherException {
        Map<String, String> settings = new HashMap<>();
        properties.forEach((key, value) -> settings.put(key, String.valueOf(value)));
        String source = System.getenv(PORT_ENV) != null && !System.getenv(PORT_ENV).isBlank()
                ? PORT_ENV + " (or " + PORT_PROPERTY + " in conf/config.properties)"
                : PORT_PROPERTY + " in conf/config.properties (or " + PORT_ENV + ")";
        Path file = loadDir.resolve(CONFIG_FILE);
        if (Files.isRegularFile(file)) {
            Properties cfg = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                cfg.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                return; // FileInstall reports a file it cannot read
            }
            for (String key : List.of(ENABLE_PROPERTY, HOST_PROPERTY, PORT_PROPERTY)) {
                if (cfg.getProperty(key) != null) {
                    settings.put(key, cfg.getProperty(key).strip());
                    source = key.equals(PORT_PROPERTY) ? PORT_PROPERTY + " in " + file : source;
                }
            }
        }
        if ("false".equalsIgnoreCase(settings.getOrDefault(ENABLE_PROPERTY, "true").strip())) {
            return;
        }
        int port;
        try {
            port = Integer.parseInt(settings.getOrDefault(PORT_PROPERTY, "8080").strip());
        } catch (NumberFormatException e) {
            throw LauncherException.failure(PORT_PROPERTY + "='" + settings.get(PORT_PROPERTY) + "' is not a port number ("
                    + source + ")");
        }
        if (port == 0) {
            return; // any free port
        }
        String host = settings.get(HOST_PROPERTY);
        InetSocketAddress address = host == null || host.isBlank() ? new InetSocketAddress(port)
                : new InetSocketAddress(host.strip(), port);
        String shown = (host == null || host.isBlank() ? "*" : host.strip()) + ":" + port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Jetty does: a closed connection's TIME_WAIT is no conflict
            socket.bind(address);
        } catch (BindException e) {
            throw LauncherException.failure("cannot serve HTTP on " + shown + ": the address is already in use (another"
                    + " node or program listens there); choose another port with " + source, e);
        } catch (IOException | RuntimeException e) {
            throw LauncherException.failure("cannot serve HTTP on " + shown + ": " + e.getMessage() + " (check "
                    + HOST_PROPERTY + " and " + source + ")", e);
        }
    }

    /**
     * Why a node whose HTTP service is installed and switched on announced no endpoint, or empty when it
     * has none to start (no HTTP bundle, or HTTP switched off): then it may serve without the API.
     */
    static Optional<String> whyNotServing(BundleContext context, Map<String, Object> properties) {
        if ("false".equalsIgnoreCase(String.valueOf(properties.getOrDefault(ENABLE_PROPERTY, "true")).strip())) {
            return Optional.empty();
        }
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && name.startsWith("org.apache.felix.http.jetty") && bundle.getState() == Bundle.ACTIVE) {
                return Optional.of("the HTTP service (" + name + ") did not start listening on "
                        + properties.get(HOST_PROPERTY) + ":" + properties.get(PORT_PROPERTY)
                        + " (its log lines above say why); not serving");
            }
        }
        return Optional.empty();
    }

    /** The first HTTP(S) endpoint the runtime announces, waiting up to {@code timeout} for it. */
    static Optional<String> await(BundleContext context, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> found = current(context);
            if (found.isPresent() || System.nanoTime() >= deadline) {
                return found;
            }
            Thread.sleep(20);
        }
    }

    static Optional<String> current(BundleContext context) {
        ServiceReference<?>[] references;
        try {
            references = context.getAllServiceReferences(RUNTIME, null);
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
        if (references == null) {
            return Optional.empty();
        }
        for (ServiceReference<?> reference : references) {
            for (String endpoint : values(reference.getProperty(ENDPOINT))) {
                if (endpoint.startsWith("http")) {
                    return Optional.of(endpoint.endsWith("/") ? endpoint : endpoint + "/");
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> values(Object property) {
        List<String> values = new ArrayList<>();
        if (property instanceof String s) {
            values.add(s);
        } else if (property instanceof String[] array) {
            values.addAll(List.of(array));
        } else if (property instanceof Collection<?> collection) {
            collection.forEach(v -> values.add(String.valueOf(v)));
        }
        return values;
    }
}
