package org.facilitysync.api.model;

import java.util.Objects;

/**
 * A Morango scope definition ({@code morango.ScopeDefinition}): which partitions a certificate of this
 * scope may read and write, as newline-separated partition prefixes with {@code ${param}} placeholders
 * filled from the certificate's scope params. Nodes never transfer these; a profile declares them
 * ({@link SyncProfile#scopeDefinitions()}) and every node that syncs the profile must have the same ones.
 *
 * @param id the definition's id, as stored in certificates ({@code scope_definition_id})
 * @param profile the profile its certificates sync
 * @param version the definition's version ({@code scope_version} of a certificate)
 * @param primaryScopeParamKey the param a root certificate of this scope fills with its own id; empty
 *        when the scope cannot root a certificate chain
 * @param description a human description, a template over the same params
 * @param readFilterTemplate prefixes the holder may only read
 * @param writeFilterTemplate prefixes the holder may only write
 * @param readWriteFilterTemplate prefixes the holder may read and write
 * @since 1.2
 */
public record ScopeDefinition(String id, String profile, int version, String primaryScopeParamKey, String description,
        String readFilterTemplate, String writeFilterTemplate, String readWriteFilterTemplate) {

    /**
     * @throws IllegalArgumentException when every template is blank: Morango's {@code Filter("")} matches every
     *         partition, so such a scope would grant everything
     */
    public ScopeDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(primaryScopeParamKey, "primaryScopeParamKey");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(readFilterTemplate, "readFilterTemplate");
        Objects.requireNonNull(writeFilterTemplate, "writeFilterTemplate");
        Objects.requireNonNull(readWriteFilterTemplate, "readWriteFilterTemplate");
        if (readFilterTemplate.isBlank() && writeFilterTemplate.isBlank() && readWriteFilterTemplate.isBlank()) {
            throw new IllegalArgumentException("scope definition '" + id
                    + "' has no filter template at all and would grant every partition");
        }
    }
}
