package org.facilitysync.core.internal.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of application tables, their indexes and columns.
 *
 * <p>Profile and model names are free text in the SPI, so they are reduced to {@code [a-z0-9_]}; names
 * longer than PostgreSQL's 63-byte identifiers are cut and made unique again with a hash. Field
 * columns are always quoted, because a field may be called {@code user} or {@code order}.
 */
public final class SqlNames {

    /** PostgreSQL's identifier limit (SQLite has none); names are kept within it on both. */
    static final int MAX_IDENTIFIER = 63;
    /** Tables stay shorter, so that "ix_" + table + a suffix still fits. */
    static final int MAX_TABLE = 48;

    private SqlNames() {
    }

    /** The application table of a model: {@code app_<profile>_<model>}, sanitized and shortened. */
    public static String table(String profile, String model) {
        return shorten("app_" + sanitize(profile) + "_" + sanitize(model), MAX_TABLE);
    }

    /** An index of {@code table}: {@code ix_<table>_<suffix>}, shortened. */
    public static String index(String table, String suffix) {
        return shorten("ix_" + table + "_" + sanitize(suffix), MAX_IDENTIFIER);
    }

    /** A field's column, quoted for SQL text. */
    public static String column(String fieldName) {
        return '"' + fieldName + '"';
    }

    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return out.toString();
    }

    static String shorten(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        return name.substring(0, max - 9) + "_" + sha256Hex(name).substring(0, 8);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
