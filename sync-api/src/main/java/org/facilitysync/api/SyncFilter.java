package org.facilitysync.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The partitions a transfer covers, as partition prefixes (Morango's {@code Filter}).
 *
 * <p>A record belongs to the filter when its partition starts with one of the prefixes. The empty
 * prefix {@code ""} matches every partition. On the wire and in persisted sessions a filter is its
 * prefixes joined with {@code "\n"}, which {@link #toString()} gives and {@link #parse(String)} reads.
 *
 * @param partitions the prefixes, at least one, none null
 */
public record SyncFilter(List<String> partitions) {

    public SyncFilter {
        Objects.requireNonNull(partitions, "partitions");
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("a filter needs at least one partition prefix");
        }
        partitions = List.copyOf(partitions);
    }

    /** A filter of the given prefixes. */
    public static SyncFilter of(String... partitions) {
        return new SyncFilter(Arrays.asList(partitions));
    }

    /**
     * Reads a filter from its text: prefixes separated by white space. Blank text is the filter
     * {@code [""]} that matches everything, as in Morango.
     */
    public static SyncFilter parse(String text) {
        Objects.requireNonNull(text, "filter text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new SyncFilter(List.of(""));
        }
        return new SyncFilter(Arrays.asList(trimmed.split("\\s+")));
    }

    /**
     * Reads the wire and stored form exactly, the inverse of {@link #toString()}: prefixes separated by
     * {@code "\n"} alone, so that every filter (an empty prefix included) round-trips unchanged.
     */
    public static SyncFilter fromWire(String text) {
        Objects.requireNonNull(text, "filter text");
        return new SyncFilter(Arrays.asList(text.split("\n", -1)));
    }

    /** Whether {@code partition} starts with one of this filter's prefixes. */
    public boolean contains(String partition) {
        for (String prefix : partitions) {
            if (partition.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every prefix of this filter lies within {@code other}. */
    public boolean isSubsetOf(SyncFilter other) {
        for (String prefix : partitions) {
            if (!other.contains(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** The wire form: the prefixes joined with {@code "\n"}. */
    @Override
    public String toString() {
        return String.join("\n", partitions);
    }
}
