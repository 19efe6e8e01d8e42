package org.facilitysync.core.internal.trust;

import java.util.Objects;
import java.util.Optional;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;

/**
 * A certificate as this node stores it: with its private key when the node owns it (Morango's
 * {@code _private_key} column), without one for certificates of peers.
 */
public record StoredCertificate(Certificate certificate, Optional<RsaKey> privateKey) {

    public StoredCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Whether this node holds the private key, i.e. can sign with this certificate. */
    public boolean owned() {
        return privateKey.isPresent();
    }

    /** The certificate with its key, when this node owns it. */
    public Optional<IssuedCertificate> issued() {
        return privateKey.map(key -> new IssuedCertificate(certificate, key));
    }

    public String id() {
        return certificate.id();
    }
}
