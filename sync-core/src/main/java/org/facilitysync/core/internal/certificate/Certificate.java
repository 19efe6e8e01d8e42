package org.facilitysync.core.internal.certificate;

import java.util.Objects;

/**
 * A Morango certificate as every node sees it (no private key: only its owner has that, kept
 * beside it as an {@link RsaKey}).
 *
 * <p>{@code serialized} is the exact signed text and is kept verbatim: receivers verify it, never a
 * re-serialization. The other fields are read from it ({@link CertificateSerialization}); {@code
 * publicKeyString} is in canonical PKCS#1 form, which the id is computed from.
 *
 * @param parentId the signing certificate's id; null for a root (self-signed)
 * @param salt {@code ""} for roots and certificates made directly on a node, random 32 hex for
 *     certificates signed through a CSR
 * @param scopeParams the JSON object string of scope parameters, verbatim
 */
public record Certificate(String id, String parentId, String profile, String salt, String scopeDefinitionId,
                          int scopeVersion, String scopeParams, String publicKeyString, String serialized,
                          String signature) {

    public Certificate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(scopeDefinitionId, "scopeDefinitionId");
        Objects.requireNonNull(scopeParams, "scopeParams");
        Objects.requireNonNull(publicKeyString, "publicKeyString");
        Objects.requireNonNull(serialized, "serialized");
        Objects.requireNonNull(signature, "signature");
    }

    /** Whether this is a root certificate (no parent; Morango treats an empty parent id alike). */
    public boolean isRoot() {
        return parentId == null || parentId.isEmpty();
    }

    /** The verify-only key of this certificate. */
    public RsaKey publicKey() {
        return RsaKey.fromPublicKeyString(publicKeyString);
    }
}
