package org.facilitysync.core.internal.certificate;

import java.util.Map;
import java.util.Objects;
import org.facilitysync.api.SyncFilter;

/**
 * A Morango {@code ScopeDefinition} row: templates that turn a certificate's {@code scope_params}
 * into read and write filters. Nodes never transfer these; both must already have them.
 *
 * <p>Filters follow Morango's {@code Filter} arithmetic: each template is substituted, the read
 * filter is the text {@code readWrite + "\n" + read} split on white space, likewise the write
 * filter; so an empty template simply vanishes, and only when both texts are empty does a filter
 * become {@code [""]}, which matches every partition.
 *
 * @param primaryScopeParamKey the parameter a root certificate's own id goes into ({@code ""}: this
 *     definition cannot make roots)
 */
public record ScopeDefinition(String id, String profile, int version, String primaryScopeParamKey,
                              String description, String readFilterTemplate, String writeFilterTemplate,
                              String readWriteFilterTemplate) {

    public ScopeDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(primaryScopeParamKey, "primaryScopeParamKey");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(readFilterTemplate, "readFilterTemplate");
        Objects.requireNonNull(writeFilterTemplate, "writeFilterTemplate");
        Objects.requireNonNull(readWriteFilterTemplate, "readWriteFilterTemplate");
    }

    /** The scope of a certificate with these {@code scope_params} (the JSON string). */
    public Scope scope(String scopeParams) {
        return scope(ScopeParams.parse(scopeParams));
    }

    /** The scope for these parameter values. */
    public Scope scope(Map<String, ?> params) {
        String readWrite = ScopeTemplate.safeSubstitute(readWriteFilterTemplate, params);
        String read = ScopeTemplate.safeSubstitute(readFilterTemplate, params);
        String write = ScopeTemplate.safeSubstitute(writeFilterTemplate, params);
        return new Scope(SyncFilter.parse(readWrite + "\n" + read), SyncFilter.parse(readWrite + "\n" + write));
    }

    /** The human-readable description for a certificate's {@code scope_params}. */
    public String describe(String scopeParams) {
        return ScopeTemplate.safeSubstitute(description, ScopeParams.parse(scopeParams));
    }

    /**
     * Whether every template is empty, which makes the scope {@code [""]}: everything. Morango
     * accepts such definitions; a node should refuse to load them.
     */
    public boolean coversEverything() {
        return readFilterTemplate.isBlank() && writeFilterTemplate.isBlank() && readWriteFilterTemplate.isBlank();
    }
}
