package org.facilitysync.core.internal.certificate;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Morango's public key string (API {@code public_key}, {@code public_key_string} inside a
 * certificate's {@code serialized}, column {@code public_key}): base64 (standard, padded, one line)
 * of the DER PKCS#1 {@code RSAPublicKey}, no PEM armour. For 2048-bit keys it starts {@code
 * MIIBCgKCAQEA}.
 *
 * <p>Reading also accepts what Morango accepts: the X.509 SubjectPublicKeyInfo form (for 2048-bit
 * keys the PKCS#1 string prefixed with {@code MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A}), PEM header and
 * footer lines, and line breaks. Writing always gives the PKCS#1 form, which is what ids are
 * computed from.
 */
public final class PublicKeyString {

    private PublicKeyString() {
    }

    /** The RSA public key of a Morango public key string. */
    public static RSAPublicKey parse(String text) {
        Objects.requireNonNull(text, "public key string");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(PemText.body(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key string is not base64: " + abbreviate(text), e);
        }
        try {
            Der.Element outer = Der.decode(der);
            List<Der.Element> parts = outer.children();
            if (outer.tag() != Der.SEQUENCE || parts.size() != 2) {
                throw new IllegalArgumentException("not a DER SEQUENCE of two elements");
            }
            if (parts.get(0).tag() == Der.SEQUENCE && parts.get(1).tag() == Der.BIT_STRING) {
                // SubjectPublicKeyInfo: the PKCS#1 key is the BIT STRING's content after the unused-bits byte
                byte[] bits = parts.get(1).content();
                if (bits.length < 1 || bits[0] != 0) {
                    throw new IllegalArgumentException("malformed SubjectPublicKeyInfo BIT STRING");
                }
                if (!Arrays.equals(Der.encode(Der.SEQUENCE, parts.get(0).content()), Der.RSA_ALGORITHM_IDENTIFIER)) {
                    throw new IllegalArgumentException("SubjectPublicKeyInfo is not of an RSA key");
                }
                parts = Der.decode(Arrays.copyOfRange(bits, 1, bits.length)).children();
            }
            BigInteger modulus = parts.get(0).integer();
            BigInteger exponent = parts.get(1).integer();
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | GeneralSecurityException e) {
            throw new IllegalArgumentException("public key string is not an RSA public key (" + e.getMessage() + "): "
                    + abbreviate(text), e);
        }
    }

    /** The Morango public key string (PKCS#1, one line) of a key. */
    public static String format(RSAPublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] pkcs1 = Der.sequence(Der.integer(key.getModulus()), Der.integer(key.getPublicExponent()));
        return Base64.getEncoder().encodeToString(pkcs1);
    }

    /** The canonical (PKCS#1, one-line) form of any accepted public key string. */
    public static String normalize(String text) {
        return format(parse(text));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
