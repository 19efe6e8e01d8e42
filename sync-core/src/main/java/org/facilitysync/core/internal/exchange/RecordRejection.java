package org.facilitysync.core.internal.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A received record the receiver refused, and why. It was not buffered; the refusal is kept in
 * {@code fs_transfer_record_error} and returned to whoever delivered the chunk.
 *
 * @param recordKey what identifies the record within its transfer session: its model uuid, or
 *        {@code sha256:<hex>} of its JSON when it has no usable model uuid
 * @param modelUuid the model uuid as received, or null when there was none
 * @param modelName the model name as received, or null when there was none
 * @param reason why it was refused, naming the field and value at fault
 */
public record RecordRejection(String recordKey, String modelUuid, String modelName, String reason) {

    public RecordRejection {
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(reason, "reason");
    }

    /** A rejection keyed by the model uuid when it is a Morango id, else by a hash of {@code recordText}. */
    static RecordRejection of(String modelUuid, String modelName, String reason, String recordText) {
        String key = isId(modelUuid) ? modelUuid : "sha256:" + sha256(recordText);
        return new RecordRejection(key, modelUuid, modelName, reason);
    }

    /** Whether {@code value} is a Morango id: 32 lowercase hex digits. */
    static boolean isId(String value) {
        // a plain loop: a regex match per id was a measurable cost of checking every received record
        if (value == null || value.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "record '" + modelUuid + "' of model '" + modelName + "' refused: " + reason;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
