package org.facilitysync.core.internal.certificate;

import java.util.Objects;
import org.facilitysync.api.SyncFilter;

/**
 * What a certificate allows: the partitions its holder may read (pull) and write (push).
 *
 * @param readFilter the read_write template's partitions followed by the read template's
 * @param writeFilter the read_write template's partitions followed by the write template's
 */
public record Scope(SyncFilter readFilter, SyncFilter writeFilter) {

    public Scope {
        Objects.requireNonNull(readFilter, "readFilter");
        Objects.requireNonNull(writeFilter, "writeFilter");
    }

    /** Whether both filters of this scope lie within the other's (Morango's {@code Scope.is_subset_of}). */
    public boolean isSubsetOf(Scope other) {
        return readFilter.isSubsetOf(other.readFilter) && writeFilter.isSubsetOf(other.writeFilter);
    }
}
