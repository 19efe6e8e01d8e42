package org.facilitysync.core.internal.identity;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Proquints ("PRO-nouncable QUINT-uplets"), as Morango's {@code morangoinfo} shows an instance:
 * {@code instance_hash} is the proquint of the integer value of the first 8 hex digits of the
 * instance id.
 *
 * <p>The value is cut into 16-bit groups, most significant first, joined with {@code "-"}; a group
 * is consonant-vowel-consonant-vowel-consonant over bits 15-12, 11-10, 9-6, 5-4, 3-0. Like
 * Morango's implementation there is no zero padding: as many groups as the value needs, at least
 * one ({@code 1} is {@code "babad"}, {@code 65536} is {@code "babad-babab"}).
 */
public final class Proquint {

    private static final String CONSONANTS = "bdfghjklmnprstvz";
    private static final String VOWELS = "aiou";

    private Proquint() {
    }

    /** The proquint of a non-negative value. */
    public static String of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("proquint of a negative value: " + value);
        }
        Deque<String> groups = new ArrayDeque<>();
        long rest = value;
        do {
            groups.addFirst(group((int) (rest & 0xFFFF)));
            rest >>>= 16;
        } while (rest > 0);
        return String.join("-", groups);
    }

    /** Morango's {@code instance_hash}: the proquint of the first 8 hex digits of the instance id. */
    public static String ofInstanceId(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        if (instanceId.length() < 8) {
            throw new IllegalArgumentException("instance id shorter than 8 hex digits: '" + instanceId + "'");
        }
        return of(HexFormat.fromHexDigitsToLong(instanceId.substring(0, 8)));
    }

    private static String group(int bits) {
        return new StringBuilder(5)
                .append(CONSONANTS.charAt((bits >> 12) & 0xF))
                .append(VOWELS.charAt((bits >> 10) & 0x3))
                .append(CONSONANTS.charAt((bits >> 6) & 0xF))
                .append(VOWELS.charAt((bits >> 4) & 0x3))
                .append(CONSONANTS.charAt(bits & 0xF))
                .toString();
    }
}
