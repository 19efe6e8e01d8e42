package org.facilitysync.api.model;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * How a new record's source id is found (Morango's {@code calculate_source_id}).
 *
 * <p>A source id given explicitly on create always wins. Otherwise a random rule draws a random id
 * (32 lowercase hex characters), and a field rule joins the values of its fields with {@code ":"}, so
 * that the same facts on two nodes give the same record id (Kolibri's memberships, roles, summary
 * logs). A field rule whose fields are all empty is an error, as in Morango.
 *
 * @param fields the fields whose values make the source id, in order; empty for a random source id
 */
public record SourceIdRule(List<String> fields) {

    public SourceIdRule {
        fields = List.copyOf(fields);
    }

    /** A random source id for every new record. */
    public static SourceIdRule random() {
        return new SourceIdRule(List.of());
    }

    /** The values of {@code fields}, joined with {@code ":"}. */
    public static SourceIdRule fromFields(String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("a field source-id rule needs at least one field");
        }
        return new SourceIdRule(List.of(fields));
    }

    /**
     * The source id of a field rule: the fields' texts, in order, joined with {@code ":"} (Morango's
     * {@code calculate_source_id} of Kolibri's models). Whether an empty result is an error is the caller's.
     *
     * @param fieldText the text of a field's value, by field name
     * @since 1.2
     */
    public String join(Function<String, String> fieldText) {
        StringJoiner joined = new StringJoiner(":");
        for (String field : fields) {
            joined.add(fieldText.apply(field));
        }
        return joined.toString();
    }

    /** Whether new records get a random source id. */
    public boolean isRandom() {
        return fields.isEmpty();
    }
}
