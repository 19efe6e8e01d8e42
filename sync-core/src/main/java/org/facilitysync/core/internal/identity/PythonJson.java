package org.facilitysync.core.internal.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON text exactly as Python's {@code json.dumps(value)} with default arguments does, which
 * is how Morango writes every JSON-in-a-string it signs, hashes or stores (certificate {@code
 * serialized}, {@code scope_params}, FSICs, the syncsession certificate chain).
 *
 * <p>Byte-for-byte matters because signatures cover the text, so: separators {@code ", "} and
 * {@code ": "}; object keys in insertion order; every character outside printable ASCII (and
 * {@code "} and {@code \}) escaped, with {@code \n \r \t \b \f} short forms and otherwise a backslash,
 * {@code u} and four lowercase hex digits (characters beyond the BMP as two escaped surrogates); {@code /} not
 * escaped. Accepted values: null, Boolean, String, integral numbers, {@link Map} with String keys
 * (iterated in its own order, so use insertion-ordered maps), {@link Iterable}, and Jackson {@link
 * JsonNode} trees. Floating-point numbers are refused: Python's float repr (shortest round trip) is
 * not what Java prints, and no Morango text written here has one.
 */
public final class PythonJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {
    }

    /** The {@code json.dumps} text of {@code value}. */
    public static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "$");
        return out.toString();
    }

    /** The JSON string literal of {@code text}, quotes included. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        writeString(text, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, String path) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof JsonNode node) {
            writeNode(node, out, path);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object key at " + path + " is not a String: " + entry.getKey());
                }
                if (!first) {
                    out.append(", ");
                }
                first = false;
                writeString(key, out);
                out.append(": ");
                write(entry.getValue(), out, path + "." + key);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            int index = 0;
            for (Object item : items) {
                if (index > 0) {
                    out.append(", ");
                }
                write(item, out, path + "[" + index + "]");
                index++;
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " at " + path
                    + " as Morango JSON (floats and other types are not supported)");
        }
    }

    private static void writeNode(JsonNode node, StringBuilder out, String path) {
        switch (node.getNodeType()) {
            case NULL, MISSING -> out.append("null");
            case STRING -> writeString(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("non-integral number " + node + " at " + path
                            + " cannot be written as Morango JSON");
                }
                out.append(node.bigIntegerValue());
            }
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    writeString(field.getKey(), out);
                    out.append(": ");
                    writeNode(field.getValue(), out, path + "." + field.getKey());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    writeNode(node.get(i), out, path + "[" + i + "]");
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write JSON node of type " + node.getNodeType()
                    + " at " + path + " as Morango JSON");
        }
    }

    /**
     * Appends {@code text} quoted as {@link #quote} does, without building an intermediate String (the
     * push body's writer calls this for every field of every record).
     */
    public static void appendQuoted(String text, StringBuilder out) {
        writeString(text, out);
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        // characters that need no escape are copied in runs: appending char by char was the largest
        // cost of writing a push body
        int run = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
                continue;
            }
            if (i > run) {
                out.append(s, run, i);
            }
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default ->
                    // Java chars are UTF-16 code units, so supplementary characters come out as two
                    // escaped surrogates, exactly as Python writes them
                    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        if (length > run) {
            out.append(s, run, length);
        }
        out.append('"');
    }
}
