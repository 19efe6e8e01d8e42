package org.facilitysync.core.internal.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Morango's {@code _do_salted_hash}: how a machine id or a MAC address becomes the {@code system_id}
 * or {@code node_id} part of an instance id without revealing the raw value.
 *
 * <p>Empty input gives {@code ""}. Otherwise: the first 20 lowercase hex characters of SHA-1 over
 * {@code lower(UTF-8(value) + "::b88281f3-302c-4def-bb87-043f681e4183")}, where lowering is done on
 * the bytes, so only ASCII letters change ({@code "ABC"} and {@code "abc"} hash alike, {@code "É"}
 * and {@code "é"} do not).
 */
public final class SaltedHash {

    /** The salt Morango appends before hashing. */
    public static final String SALT = "::b88281f3-302c-4def-bb87-043f681e4183";

    private SaltedHash() {
    }

    /** The salted hash of {@code value}, or {@code ""} when the value is empty. */
    public static String of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            return "";
        }
        byte[] bytes = (value + SALT).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            // Python's bytes.lower(): ASCII A-Z only; multi-byte UTF-8 sequences stay untouched
            if (bytes[i] >= 'A' && bytes[i] <= 'Z') {
                bytes[i] = (byte) (bytes[i] + ('a' - 'A'));
            }
        }
        return HexFormat.of().formatHex(sha1(bytes)).substring(0, 20);
    }

    private static byte[] sha1(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
