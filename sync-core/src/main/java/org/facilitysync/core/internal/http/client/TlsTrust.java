package org.facilitysync.core.internal.http.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust in exactly the certificates of a PEM text (a self-signed hub's certificate, or the CA that
 * signed it), instead of the JDK's default CAs. Host names are still checked against the certificate.
 */
final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * An SSL context that trusts the X.509 certificates in {@code pem}.
     *
     * @throws IllegalArgumentException when the text holds no readable certificate
     */
    static SSLContext trusting(String pem) {
        Objects.requireNonNull(pem, "trusted certificate PEM");
        try {
            Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the trusted certificate text holds no PEM certificate"
                        + " (expected -----BEGIN CERTIFICATE-----)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate certificate : certificates) {
                if (!(certificate instanceof X509Certificate)) {
                    throw new IllegalArgumentException("trusted certificate " + i + " is not an X.509 certificate");
                }
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the trusted certificate: " + e.getMessage(), e);
        }
    }
}
