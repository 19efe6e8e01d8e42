package org.facilitysync.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The first HTTP(S) endpoint the runtime announces, waiting up to {@code timeout} for it. */
    static Optional<String> await(BundleContext context, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> found = current(context);
            if (found.isPresent() || System.nanoTime() >= deadline) {
                return found;
            }
            Thread.sleep(100);
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
