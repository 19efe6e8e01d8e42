package org.facilitysync.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The seven stages of a transfer session, in the order they run.
 *
 * <p>The enum order is the stage order, and {@link #precedence()} is Morango's integer precedence
 * (10 to 70). {@link #wireName()} is the lowercase word used on the wire, in persisted sessions and
 * in the {@link SyncOperation#STAGE} service property.
 */
public enum SyncStage {
    /** Creates or resumes the transfer session on both sides. */
    INITIALIZING(10),
    /** The producer writes changed application records into the store; both sides compute FSICs. */
    SERIALIZING(20),
    /** The producer copies what the receiver lacks into the outgoing buffer. */
    QUEUING(30),
    /** Buffered records move from producer to receiver, chunk by chunk. */
    TRANSFERRING(40),
    /** The receiver merges buffered records into its store. */
    DEQUEUING(50),
    /** The receiver applies changed store records to its application tables. */
    DESERIALIZING(60),
    /** Both sides drop buffers and close the transfer session. */
    CLEANUP(70);

    private final int precedence;
    private final String wireName;

    SyncStage(int precedence) {
        this.precedence = precedence;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** Morango's precedence of this stage: 10 for {@link #INITIALIZING} up to 70 for {@link #CLEANUP}. */
    public int precedence() {
        return precedence;
    }

    /** The lowercase name used on the wire and in the {@link SyncOperation#STAGE} property. */
    public String wireName() {
        return wireName;
    }

    /** Whether this stage runs after {@code other}. */
    public boolean isAfter(SyncStage other) {
        return compareTo(other) > 0;
    }

    /** Whether this stage runs before {@code other}. */
    public boolean isBefore(SyncStage other) {
        return compareTo(other) < 0;
    }

    /**
     * Finds a stage by its wire name, ignoring case and surrounding white space.
     *
     * @return the stage, or empty when {@code name} is null or names no stage
     */
    public static Optional<SyncStage> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SyncStage stage : values()) {
            if (stage.wireName.equals(wanted)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a stage's wire name, ignoring case and surrounding white space.
     *
     * @throws IllegalArgumentException naming the value and the valid names when it names no stage
     */
    public static SyncStage fromWireName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown stage '" + name + "'; expected one of " + wireNames()));
    }

    /** The wire names of all stages, in order, comma separated (for error messages). */
    public static String wireNames() {
        return Arrays.stream(values()).map(SyncStage::wireName).collect(Collectors.joining(", "));
    }
}
