package org.facilitysync.core.internal.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements at the semicolons that end them.
 *
 * <p>Semicolons inside {@code '...'} strings, {@code "..."} identifiers, PostgreSQL {@code $tag$...$tag$}
 * bodies and comments do not split; comments are dropped. Neither driver runs several statements from
 * one JDBC call reliably (SQLite's runs only the first), hence the splitting. A SQLite trigger body
 * ({@code BEGIN ... ; ... END}) would be split wrongly: migrations do not use triggers.
 */
final class SqlScript {

    private SqlScript() {
    }

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment at offset " + i);
                }
                statement.append(' ');
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int end = closingQuote(script, i, c);
                statement.append(script, i, end + 1);
                i = end + 1;
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int end = script.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated " + tag + " quote at offset " + i);
                }
                statement.append(script, i, end + tag.length());
                i = end + tag.length();
            } else if (c == ';') {
                add(statements, statement);
                i++;
            } else {
                statement.append(c);
                i++;
            }
        }
        add(statements, statement);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
        statement.setLength(0);
    }

    /** The index of the quote closing the one at {@code start}; a doubled quote is an escaped one. */
    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote at offset " + start);
    }

    /** The {@code $tag$} starting at {@code start}, or null when the {@code $} starts none (e.g. {@code $1}). */
    private static String dollarTag(String script, int start) {
        int i = start + 1;
        while (i < script.length() && (Character.isLetter(script.charAt(i)) || script.charAt(i) == '_'
                || (i > start + 1 && Character.isDigit(script.charAt(i))))) {
            i++;
        }
        return i < script.length() && script.charAt(i) == '$' ? script.substring(start, i + 1) : null;
    }
}
