package org.facilitysync.core.internal.http.server;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.framework.ServiceReference;

/**
 * Services a component binds dynamically (DS calls on any thread), highest {@code service.ranking} first,
 * then the lowest service id, as {@link ServiceReference#compareTo} orders them (reversed).
 */
final class RankedServices<S> {

    private final Map<ServiceReference<S>, S> services = new ConcurrentSkipListMap<>(Comparator.reverseOrder());

    void add(ServiceReference<S> reference, S service) {
        services.put(reference, service);
    }

    void remove(ServiceReference<S> reference) {
        services.remove(reference);
    }

    /** Every service, highest ranking first. */
    Collection<S> all() {
        return services.values();
    }

    /** The highest-ranked service whose {@code property} is {@code value} (or, for a String[], contains it). */
    Optional<S> first(String property, String value) {
        for (Map.Entry<ServiceReference<S>, S> e : services.entrySet()) {
            Object found = e.getKey().getProperty(property);
            if (found instanceof String[] several ? Arrays.asList(several).contains(value)
                    : found != null && String.valueOf(found).equals(value)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
