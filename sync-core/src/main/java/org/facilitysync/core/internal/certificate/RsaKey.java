package org.facilitysync.core.internal.certificate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Morango's {@code Key}: an RSA public key, with its private key when this node owns it.
 *
 * <p>Signatures are RSASSA-PKCS1-v1_5 with SHA-256 over the UTF-8 bytes of the message, base64
 * (standard, padded, one line). They are deterministic, so re-signing gives identical text.
 * Verification decodes base64 leniently (line breaks and other non-alphabet characters are
 * ignored), as Python's {@code base64.decodebytes} does.
 */
public final class RsaKey {

    /** Morango generates 2048-bit keys with public exponent 65537. */
    public static final int KEY_SIZE = 2048;

    private final RSAPublicKey publicKey;
    private final RSAPrivateCrtKey privateKey;

    private RsaKey(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A new key pair. */
    public static RsaKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(KEY_SIZE, RSAKeyGenParameterSpec.F4));
            KeyPair pair = generator.generateKeyPair();
            return new RsaKey((RSAPublicKey) pair.getPublic(), (RSAPrivateCrtKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** The key of a stored private key (its public half is derived from it). */
    public static RsaKey fromPrivateKeyPem(String pem) {
        RSAPrivateCrtKey privateKey = PrivateKeyPem.parse(pem);
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new RsaKey(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key", e);
        }
    }

    /** A verify-only key from a Morango public key string. */
    public static RsaKey fromPublicKeyString(String publicKeyString) {
        return new RsaKey(PublicKeyString.parse(publicKeyString), null);
    }

    /** The Morango public key string. */
    public String publicKeyString() {
        return PublicKeyString.format(publicKey);
    }

    /** The private key as Morango stores it, when this key has one. */
    public Optional<String> privateKeyPem() {
        return Optional.ofNullable(privateKey).map(PrivateKeyPem::format);
    }

    /** Whether this key can sign. */
    public boolean hasPrivateKey() {
        return privateKey != null;
    }

    /** The base64 signature of {@code message}. */
    public String sign(String message) {
        Objects.requireNonNull(message, "message");
        if (privateKey == null) {
            throw new IllegalStateException("this key has no private key and cannot sign (public key "
                    + publicKeyString().substring(0, 24) + "...)");
        }
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with RSA/SHA-256", e);
        }
    }

    /** Whether {@code signature} (base64) is this key's signature of {@code message}. */
    public boolean verify(String message, String signature) {
        Objects.requireNonNull(message, "message");
        if (signature == null) {
            return false;
        }
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(raw);
        } catch (SignatureException e) {
            return false; // e.g. a signature of the wrong length
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with RSA/SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "RsaKey[" + publicKeyString().substring(0, 24) + "..." + (privateKey != null ? ", private" : "") + "]";
    }
}
