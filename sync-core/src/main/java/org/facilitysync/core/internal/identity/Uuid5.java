package org.facilitysync.core.internal.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * RFC 4122 name-based UUIDs with SHA-1 (version 5), as Python's {@code uuid.uuid5(namespace,
 * name).hex} gives them: 32 lowercase hex characters. The JDK only offers version 3 (MD5).
 * Applications use it for deterministic source ids (Morango's test app: the user's source id is
 * the uuid5 of the username under {@code aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa}).
 */
public final class Uuid5 {

    private Uuid5() {
    }

    /** {@code uuid5(namespace, name).hex}; the name is hashed as UTF-8. */
    public static String hex(UUID namespace, String name) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        sha1.update(name.getBytes(StandardCharsets.UTF_8));
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return HexFormat.of().formatHex(hash, 0, 16);
    }
}
