package org.facilitysync.core.internal.certificate;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The private key exactly as Morango stores it (column {@code private_key} of a certificate the
 * node owns): PEM {@code -----BEGIN RSA PRIVATE KEY-----} around the base64 of the DER PKCS#1
 * {@code RSAPrivateKey}, 64-character lines, final newline, unencrypted.
 *
 * <p>The JDK reads only PKCS#8, so reading wraps the PKCS#1 structure into a PKCS#8
 * PrivateKeyInfo, and writing encodes the PKCS#1 structure from the key's CRT components (DER is
 * canonical, so a key read and written back gives the same bytes). Like Morango, reading accepts
 * the body without PEM lines too.
 */
public final class PrivateKeyPem {

    private static final String BEGIN = "-----BEGIN RSA PRIVATE KEY-----\n";
    private static final String END = "\n-----END RSA PRIVATE KEY-----\n";

    private PrivateKeyPem() {
    }

    /** Reads a Morango private key. */
    public static RSAPrivateCrtKey parse(String pem) {
        Objects.requireNonNull(pem, "private key");
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException("encrypted private keys are not supported (Morango stores them unencrypted)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(PemText.body(pem));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key PEM body is not base64", e);
        }
        try {
            List<Der.Element> fields = Der.decode(der).children();
            byte[] pkcs8;
            if (fields.size() == 3 && fields.get(1).tag() == Der.SEQUENCE && fields.get(2).tag() == Der.OCTET_STRING) {
                pkcs8 = der; // already a PKCS#8 PrivateKeyInfo
            } else if (fields.size() == 9 && fields.get(0).integer().signum() == 0) {
                pkcs8 = Der.sequence(Der.integer(BigInteger.ZERO), Der.RSA_ALGORITHM_IDENTIFIER,
                        Der.encode(Der.OCTET_STRING, der));
            } else {
                throw new IllegalArgumentException("not a two-prime PKCS#1 RSAPrivateKey");
            }
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | ClassCastException | GeneralSecurityException e) {
            throw new IllegalArgumentException("private key is not an RSA private key in PKCS#1 PEM (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a private key as Morango stores it. */
    public static String format(RSAPrivateCrtKey key) {
        Objects.requireNonNull(key, "key");
        byte[] pkcs1 = Der.sequence(
                Der.integer(BigInteger.ZERO),
                Der.integer(key.getModulus()),
                Der.integer(key.getPublicExponent()),
                Der.integer(key.getPrivateExponent()),
                Der.integer(key.getPrimeP()),
                Der.integer(key.getPrimeQ()),
                Der.integer(key.getPrimeExponentP()),
                Der.integer(key.getPrimeExponentQ()),
                Der.integer(key.getCrtCoefficient()));
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1);
        return BEGIN + body + END;
    }
}
