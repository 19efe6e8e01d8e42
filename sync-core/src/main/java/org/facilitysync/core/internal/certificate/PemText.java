package org.facilitysync.core.internal.certificate;

import java.util.StringJoiner;

/** PEM armour handling shared by the key formats (Morango's {@code _remove_pem_headers}). */
final class PemText {

    private PemText() {
    }

    /** The text without {@code -----BEGIN/END ...-----} lines, when it has them. */
    static String body(String text) {
        if (!text.strip().startsWith("-----")) {
            return text;
        }
        StringJoiner body = new StringJoiner("\n");
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("---")) {
                body.add(trimmed);
            }
        }
        return body.toString();
    }
}
