package org.facilitysync.core.internal.testing;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.facilitysync.api.SyncOperation;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** A hand-made {@link ServiceReference}: a property map and a stub bundle, enough for bind methods. */
public final class FakeServiceReference<T> implements ServiceReference<T> {

    private final Map<String, Object> properties = new ConcurrentHashMap<>();
    private volatile Bundle bundle = bundle("com.example.plugin", "1.2.3");

    private FakeServiceReference(long serviceId) {
        properties.put(Constants.SERVICE_ID, serviceId);
    }

    /** A reference with {@code service.id} {@code serviceId}, registered by bundle com.example.plugin 1.2.3. */
    public static <T> FakeServiceReference<T> service(long serviceId) {
        return new FakeServiceReference<>(serviceId);
    }

    /** An operation's reference with {@code sync.stage} set. */
    public static FakeServiceReference<SyncOperation> operation(long serviceId, Object stages) {
        return FakeServiceReference.<SyncOperation>service(serviceId).with(SyncOperation.STAGE, stages);
    }

    public FakeServiceReference<T> with(String key, Object value) {
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }
        return this;
    }

    public FakeServiceReference<T> from(String symbolicName, String version) {
        bundle = bundle(symbolicName, version);
        return this;
    }

    /** The bundle is gone, as in a bind that races with an unregistration. */
    public FakeServiceReference<T> withoutBundle() {
        bundle = null;
        return this;
    }

    private static Bundle bundle(String symbolicName, String version) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getBundleId" -> 42L;
                    case "toString" -> symbolicName + " " + version;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("stub bundle: " + method.getName());
                });
    }

    @Override
    public Object getProperty(String key) {
        return properties.get(key);
    }

    @Override
    public String[] getPropertyKeys() {
        return properties.keySet().toArray(String[]::new);
    }

    @Override
    public Bundle getBundle() {
        return bundle;
    }

    @Override
    public Bundle[] getUsingBundles() {
        return null;
    }

    @Override
    public boolean isAssignableTo(Bundle other, String className) {
        return true;
    }

    @Override
    public int compareTo(Object other) {
        throw new UnsupportedOperationException("the pipeline must order services itself");
    }

    @Override
    public Dictionary<String, Object> getProperties() {
        return new Hashtable<>(properties);
    }

    @Override
    public <A> A adapt(Class<A> type) {
        return null;
    }

    @Override
    public String toString() {
        return "fake reference " + properties;
    }
}
