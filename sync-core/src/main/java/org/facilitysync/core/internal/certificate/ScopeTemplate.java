package org.facilitysync.core.internal.certificate;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code string.Template(template).safe_substitute(params)}, which Morango applies to
 * scope definition templates (filters and description) with a certificate's {@code scope_params}.
 *
 * <p>{@code ${name}} and {@code $name} (name: ASCII letter or {@code _}, then letters, digits,
 * {@code _}) are replaced by the parameter's text; {@code $$} gives {@code $}; unknown names and
 * a lone {@code $} stay as they are. A value is turned into text as Python's {@code str()} does
 * for JSON strings, integers, booleans and null.
 */
public final class ScopeTemplate {

    private static final String IDENTIFIER = "[_a-zA-Z][_a-zA-Z0-9]*";
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$(?:(\\$)|(" + IDENTIFIER + ")|\\{(" + IDENTIFIER + ")\\}|())");

    private ScopeTemplate() {
    }

    /** The template with known parameters substituted. */
    public static String safeSubstitute(String template, Map<String, ?> params) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(params, "params");
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) != null) {
                replacement = "$";
            } else {
                String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                if (name != null && params.containsKey(name)) {
                    replacement = pythonStr(name, params.get(name));
                } else {
                    replacement = matcher.group();
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String pythonStr(String name, Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        throw new IllegalArgumentException("scope parameter '" + name + "' has a value of type "
                + value.getClass().getSimpleName() + " that Morango templates do not support: " + value);
    }
}
