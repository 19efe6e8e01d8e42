package org.facilitysync.core.internal.certificate;

import org.facilitysync.api.model.ScopeDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes certificates as Morango does: roots ({@code generate_root_certificate}) and children signed
 * by a parent this node owns (directly, or for a CSR).
 */
public final class CertificateIssuer {

    private CertificateIssuer() {
    }

    /**
     * A new self-signed root certificate: new key, salt {@code ""}, id from key and profile, {@code
     * scope_params} = {@code {primary_scope_param_key: id}} followed by {@code extraParams}.
     */
    public static IssuedCertificate root(ScopeDefinition definition, Map<String, ?> extraParams) {
        return root(definition, extraParams, RsaKey.generate());
    }

    /** As {@link #root(ScopeDefinition, Map)} with a given key. */
    public static IssuedCertificate root(ScopeDefinition definition, Map<String, ?> extraParams, RsaKey key) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(extraParams, "extraParams");
        if (definition.primaryScopeParamKey().isEmpty()) {
            throw new IllegalArgumentException("Root cert can only be created for ScopeDefinition that has "
                    + "primary_scope_param_key defined; '" + definition.id() + "' has none");
        }
        String publicKey = key.publicKeyString();
        String id = CertificateId.of(publicKey, definition.profile(), "");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(definition.primaryScopeParamKey(), id);
        params.putAll(extraParams);
        String scopeParams = ScopeParams.write(params);
        String serialized = CertificateSerialization.serializedText(id, null, definition.profile(), "",
                definition.id(), definition.version(), scopeParams, publicKey);
        Certificate certificate = new Certificate(id, null, definition.profile(), "", definition.id(),
                definition.version(), scopeParams, publicKey, serialized, key.sign(serialized));
        return new IssuedCertificate(certificate, key);
    }

    /**
     * A child of {@code parent}, signed with the parent's key. The caller still runs {@link
     * CertificateChecks} (scope subset, profile) before storing it, as Morango's CSR endpoint does.
     *
     * @param scopeParams the JSON string, kept verbatim (a CSR's requester chose it)
     * @param publicKeyString the child's public key (any accepted form; the canonical form is signed)
     * @param salt {@code ""} for a certificate made directly, {@link #newSalt()} for a CSR
     */
    public static Certificate child(IssuedCertificate parent, String profile, String scopeDefinitionId,
                                    int scopeVersion, String scopeParams, String publicKeyString, String salt) {
        Objects.requireNonNull(parent, "parent");
        String publicKey = PublicKeyString.normalize(publicKeyString);
        String id = CertificateId.of(publicKey, profile, salt);
        String parentId = parent.certificate().id();
        String serialized = CertificateSerialization.serializedText(id, parentId, profile, salt, scopeDefinitionId,
                scopeVersion, scopeParams, publicKey);
        return new Certificate(id, parentId, profile, salt, scopeDefinitionId, scopeVersion, scopeParams, publicKey,
                serialized, parent.key().sign(serialized));
    }

    /** A random salt as the CSR endpoint picks it ({@code uuid4().hex}). */
    public static String newSalt() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
