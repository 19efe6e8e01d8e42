package org.facilitysync.core.internal.identity;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code json} module as Morango uses it, the one place that knows its text: reading as
 * {@code json.loads} does ({@link #MAPPER}) and writing exactly as {@code json.dumps(value)} with default
 * arguments does, which is how Morango writes every JSON-in-a-string it signs, hashes or stores
 * (certificate {@code serialized}, {@code scope_params}, FSICs, the syncsession certificate chain, a Store
 * row's {@code serialized}).
 *
 * <p>Byte-for-byte matters because signatures cover the text, so: separators {@code ", "} and
 * {@code ": "}; object keys in insertion order; strings escaped by {@link Escaping#ASCII}. Accepted values:
 * null, Boolean, String, integral numbers, {@link Map} with String keys (iterated in its own order, so use
 * insertion-ordered maps), {@link Iterable}, and Jackson {@link JsonNode} trees. {@link #dumps} refuses
 * floating-point numbers: no signed Morango text has one, and a float there is a mistake; {@link #write}
 * writes them as {@link PythonFloat} (a Store row's {@code serialized} may hold them).
 */
public final class PythonJson {

    /**
     * The JSON mapper of sync-core outside the HTTP edge: reads what Python's {@code json.loads} reads, NaN
     * and Infinity included. Configured once here so that every reader of Morango text agrees.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** How a string's characters are escaped; the rule for each kind of Morango text exists only here. */
    public enum Escaping {
        /**
         * {@code json.dumps} defaults ({@code ensure_ascii=True}): {@code "} and {@code \}, {@code \n \r \t \b
         * \f} short forms, every other character outside printable ASCII as {@code \}{@code u} and four
         * lowercase hex digits (beyond the BMP as two escaped surrogates); {@code /} not escaped.
         */
        ASCII,
        /**
         * Django REST framework's renderer: {@code json.dumps(ensure_ascii=False)}, which escapes only quotes,
         * backslashes and control characters, then U+2028 and U+2029 escaped so the text is also valid
         * JavaScript. Non-ASCII characters stay as they are.
         */
        DJANGO_REST;

        boolean escapes(char c) {
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
            return this == ASCII ? c > 0x7e : c == '\u2028' || c == '\u2029';
        }
    }

    private PythonJson() {
    }

    /** The {@code json.dumps} text of {@code value}; floats are refused (see the class comment). */
    public static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "$", false);
        return out.toString();
    }

    /** Appends the {@code json.dumps} text of {@code node}, floats as Python's {@code repr}. */
    public static void write(JsonNode node, StringBuilder out) {
        // no path: a Store row's text is written for every record, and building paths would cost more than it
        writeNode(node, out, null, true);
    }

    /** The JSON string literal of {@code text}, quotes included, escaped by {@link Escaping#ASCII}. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        appendQuoted(text, Escaping.ASCII, out);
        return out.toString();
    }

    /** Appends {@code text} quoted as {@link #quote} does, without building an intermediate String. */
    public static void appendQuoted(String text, StringBuilder out) {
        appendQuoted(text, Escaping.ASCII, out);
    }

    /** How many characters {@link #appendQuoted(String, Escaping, StringBuilder)} appends for {@code text}. */
    public static long quotedLength(String text, Escaping escaping) {
        long length = 2 + text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaping.escapes(c)) {
                length += shortForm(c) != null ? 1 : 5;
            }
        }
        return length;
    }

    /**
     * Appends the JSON string literal of {@code text}, quotes included, escaped by {@code escaping}. Characters
     * that need no escape are copied in runs: appending char by char was the largest cost of writing a push
     * body or a buffer page.
     */
    public static void appendQuoted(String text, Escaping escaping, StringBuilder out) {
        out.append('"');
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!escaping.escapes(c)) {
                continue;
            }
            if (i > run) {
                out.append(text, run, i);
            }
            run = i + 1;
            String shortForm = shortForm(c);
            if (shortForm != null) {
                out.append(shortForm);
            } else {
                // Java chars are UTF-16 code units, so supplementary characters come out as two escaped
                // surrogates, exactly as Python writes them
                out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        if (length > run) {
            out.append(text, run, length);
        }
        out.append('"');
    }

    private static String shortForm(char c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> null;
        };
    }

    private static void write(Object value, StringBuilder out, String path, boolean floats) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendQuoted(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof JsonNode node) {
            writeNode(node, out, path, floats);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object key at " + path + " is not a String: " + entry.getKey());
                }
                first = key(key, first, out);
                write(entry.getValue(), out, path + "." + key, floats);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            int index = 0;
            for (Object item : items) {
                out.append(index > 0 ? ", " : "");
                write(item, out, path + "[" + index + "]", floats);
                index++;
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " at " + path
                    + " as Morango JSON (floats and other types are not supported)");
        }
    }

    private static boolean key(String key, boolean first, StringBuilder out) {
        if (!first) {
            out.append(", ");
        }
        appendQuoted(key, out);
        out.append(": ");
        return false;
    }

    private static void writeNode(JsonNode node, StringBuilder out, String path, boolean floats) {
        switch (node.getNodeType()) {
            case NULL, MISSING -> out.append("null");
            case STRING -> appendQuoted(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    out.append(node.bigIntegerValue());
                } else if (floats) {
                    out.append(PythonFloat.repr(node.doubleValue()));
                } else {
                    throw new IllegalArgumentException("non-integral number " + node + " at " + path
                            + " cannot be written as Morango JSON");
                }
            }
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    first = key(field.getKey(), first, out);
                    writeNode(field.getValue(), out, path == null ? null : path + "." + field.getKey(), floats);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    out.append(i > 0 ? ", " : "");
                    writeNode(node.get(i), out, path == null ? null : path + "[" + i + "]", floats);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write JSON node of type " + node.getNodeType()
                    + " at " + path + " as Morango JSON");
        }
    }
}
