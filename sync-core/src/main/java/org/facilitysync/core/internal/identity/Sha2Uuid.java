package org.facilitysync.core.internal.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Morango's {@code sha2_uuid(*args)}: the first 32 lowercase hex characters of SHA-256 over the
 * UTF-8 bytes of the arguments joined with {@code "::"}.
 *
 * <p>The join makes {@code ("a", "b")} and {@code ("a::b")} collide; that is Morango's rule and ids
 * already stored by Morango depend on it, so it is kept. Callers that join their own inputs with
 * another separator (certificate ids use {@code ":"}) pass one argument.
 */
public final class Sha2Uuid {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** One digest per thread: looking the algorithm up for every record cost more than hashing it. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private Sha2Uuid() {
    }

    /** The 32-hex id of the given arguments. */
    public static String of(String... args) {
        Objects.requireNonNull(args, "args");
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new IllegalArgumentException("sha2_uuid argument " + i + " is null");
            }
        }
        byte[] digest = sha256(String.join("::", args).getBytes(StandardCharsets.UTF_8));
        // the first 16 bytes as lowercase hex: a receiver recomputes this for every record it takes in
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    static byte[] sha256(byte[] input) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest.digest(input);
    }
}
