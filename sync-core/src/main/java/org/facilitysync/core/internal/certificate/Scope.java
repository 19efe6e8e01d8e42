package org.facilitysync.core.internal.certificate;

import java.util.Map;
import java.util.Objects;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.model.ScopeDefinition;

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

    /** The scope of a certificate of {@code definition} with these {@code scope_params} (the JSON string). */
    public static Scope of(ScopeDefinition definition, String scopeParams) {
        return of(definition, ScopeParams.parse(scopeParams));
    }

    /** The scope of a certificate of {@code definition} with these parameter values. */
    public static Scope of(ScopeDefinition definition, Map<String, ?> params) {
        return of(definition.readWriteFilterTemplate(), definition.readFilterTemplate(),
                definition.writeFilterTemplate(), params);
    }

    /**
     * Morango's {@code Filter} arithmetic: each template is substituted, the read filter is the text
     * {@code readWrite + "\n" + read} split on white space, likewise the write filter; so an empty template
     * simply vanishes, and only when both texts are empty does a filter become {@code [""]}, which matches
     * every partition (a {@link ScopeDefinition} refuses templates that are all empty).
     */
    static Scope of(String readWriteTemplate, String readTemplate, String writeTemplate, Map<String, ?> params) {
        String readWrite = ScopeTemplate.safeSubstitute(readWriteTemplate, params);
        String read = ScopeTemplate.safeSubstitute(readTemplate, params);
        String write = ScopeTemplate.safeSubstitute(writeTemplate, params);
        return new Scope(SyncFilter.parse(readWrite + "\n" + read), SyncFilter.parse(readWrite + "\n" + write));
    }

    /** The human-readable description of a certificate of {@code definition} with these {@code scope_params}. */
    public static String description(ScopeDefinition definition, String scopeParams) {
        return ScopeTemplate.safeSubstitute(definition.description(), ScopeParams.parse(scopeParams));
    }

    /** Whether both filters of this scope lie within the other's (Morango's {@code Scope.is_subset_of}). */
    public boolean isSubsetOf(Scope other) {
        return readFilter.isSubsetOf(other.readFilter) && writeFilter.isSubsetOf(other.writeFilter);
    }
}
