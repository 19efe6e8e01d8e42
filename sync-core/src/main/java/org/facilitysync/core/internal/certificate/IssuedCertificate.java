package org.facilitysync.core.internal.certificate;

import java.util.Objects;

/** A certificate this node owns, with its key pair (the private key is stored beside the certificate). */
public record IssuedCertificate(Certificate certificate, RsaKey key) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        if (!key.hasPrivateKey()) {
            throw new IllegalArgumentException("an owned certificate needs its private key: " + certificate.id());
        }
    }
}
