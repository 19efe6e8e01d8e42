package org.facilitysync.core.internal.pipeline;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Who a whiteboard service is, in the words an operator needs to find it: its class, service id,
 * bundle and, when FileInstall created its configuration, that file.
 *
 * @param kind "operation" or "hook"
 * @param serviceId the {@code service.id}
 * @param className the class of the service object
 * @param bundleSymbolicName the registering bundle's symbolic name, or "unknown" once it is gone
 * @param bundleVersion that bundle's version, or "unknown"
 * @param configurationFile the {@code felix.fileinstall.filename} property, or null
 */
public record ServiceDescription(String kind, long serviceId, String className, String bundleSymbolicName,
        String bundleVersion, String configurationFile) {

    /** The FileInstall property naming the file a configuration came from. */
    public static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private static final String UNKNOWN = "unknown";

    /** Describes {@code service}, registered under {@code reference}. */
    public static ServiceDescription of(String kind, Object service, ServiceReference<?> reference) {
        // The bundle is null once the service has been unregistered, which can race with a bind.
        Bundle bundle = reference.getBundle();
        String symbolicName = bundle == null || bundle.getSymbolicName() == null ? UNKNOWN : bundle.getSymbolicName();
        String version = bundle == null ? UNKNOWN : String.valueOf(bundle.getVersion());
        Object file = reference.getProperty(FILEINSTALL_FILENAME);
        return new ServiceDescription(kind, serviceId(reference), service.getClass().getName(), symbolicName,
                version, file == null ? null : String.valueOf(file));
    }

    /** The {@code service.id} of {@code reference}. */
    public static long serviceId(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (!(id instanceof Number)) {
            throw new IllegalArgumentException("service reference without a numeric service.id: " + reference);
        }
        return ((Number) id).longValue();
    }

    /** For example {@code operation com.example.Foo (service.id=12, bundle com.example 1.0.0, file /load/x.cfg)}. */
    @Override
    public String toString() {
        return kind + " " + className + " (service.id=" + serviceId + ", bundle " + bundleSymbolicName + " "
                + bundleVersion + (configurationFile == null ? "" : ", configured in " + configurationFile) + ")";
    }
}
