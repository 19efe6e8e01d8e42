package org.facilitysync.api.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Morango's id rules, the one place they are computed: by the core when a record is created or received,
 * and by a profile that must know a record's id before the core has stored it (a streaming generator).
 *
 * @since 1.2
 */
public final class MorangoIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** One digest per thread: looking the algorithm up for every record cost more than hashing it. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256, which every Java platform must have", e);
        }
    });

    private MorangoIds() {
    }

    /**
     * Morango's {@code sha2_uuid(*args)}: the first 32 lowercase hex characters of SHA-256 over the UTF-8
     * bytes of the arguments joined with {@code "::"}.
     *
     * <p>The join makes {@code ("a", "b")} and {@code ("a::b")} collide; that is Morango's rule and ids
     * already stored by Morango depend on it, so it is kept. Callers that join their own inputs with
     * another separator (certificate ids use {@code ":"}) pass one argument.
     *
     * @throws IllegalArgumentException naming the argument that is null
     */
    public static String sha2Uuid(String... args) {
        Objects.requireNonNull(args, "args");
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new IllegalArgumentException("sha2_uuid argument " + i + " is null");
            }
        }
        MessageDigest digest = DIGEST.get();
        digest.reset();
        byte[] hash = digest.digest(String.join("::", args).getBytes(StandardCharsets.UTF_8));
        // the first 16 bytes as lowercase hex: a receiver recomputes this for every record it takes in
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = HEX[(hash[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[hash[i] & 0xF];
        }
        return new String(hex);
    }

    /**
     * Morango's default {@code compute_namespaced_id(partition, source_id, model_name)}:
     * {@code sha2_uuid(partition, source_id, model_name)}, where the partition is the template with its fields
     * filled in and the literal {@link SyncableModel#ID_PLACEHOLDER} still in it.
     */
    public static String namespacedId(String partitionTemplate, String sourceId, String modelName) {
        return sha2Uuid(partitionTemplate, sourceId, modelName);
    }

    /**
     * The id of a record of {@code model}: its source id when the model says {@link SyncableModel#idIsSourceId()},
     * else {@link #namespacedId}.
     */
    public static String modelUuid(SyncableModel model, String partitionTemplate, String sourceId) {
        return model.idIsSourceId() ? sourceId : namespacedId(partitionTemplate, sourceId, model.name());
    }

    /** The record's partition: the template with {@link SyncableModel#ID_PLACEHOLDER} replaced by its id. */
    public static String partition(String partitionTemplate, String modelUuid) {
        return partitionTemplate.replace(SyncableModel.ID_PLACEHOLDER, modelUuid);
    }
}
