package org.facilitysync.core.internal.certificate;

import java.util.Objects;

/**
 * One element of a certificate chain as received (API list item): what the receiver uses of it.
 * The other API fields ({@code parent}, {@code profile}, ...) are ignored on purpose: only the
 * signed {@code serialized} text is trusted.
 *
 * @param id the {@code id} field beside the signed text, which must equal the id inside it
 */
public record CertificateChainEntry(String id, String serialized, String signature) {

    public CertificateChainEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serialized, "serialized");
        Objects.requireNonNull(signature, "signature");
    }
}
