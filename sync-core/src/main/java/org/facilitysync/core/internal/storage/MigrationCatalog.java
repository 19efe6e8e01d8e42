package org.facilitysync.core.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations this build knows for one dialect, read from the class path.
 *
 * <p>{@code db/<dialect>/migrations.txt} lists the files in order, one per line ({@code #} starts a
 * comment). A list is needed because a bundle's class loader cannot enumerate a folder; a unit test
 * checks that it names exactly the {@code V*.sql} files present and the same versions for every dialect.
 */
public final class MigrationCatalog {

    /** The list of migration files inside each dialect's folder. */
    public static final String INDEX = "migrations.txt";

    private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    private final String dialect;
    private final List<Migration> migrations;

    private MigrationCatalog(String dialect, List<Migration> migrations) {
        this.dialect = dialect;
        this.migrations = List.copyOf(migrations);
    }

    /** The migrations of {@code dialect} (its {@link Dialect#name()}), checked: versions 1, 2, ... without gaps. */
    public static MigrationCatalog load(String dialect) {
        String folder = "db/" + dialect + "/";
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(folder + INDEX).split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher matcher = FILE_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException(folder + INDEX + " names '" + name
                        + "', which is not of the form V<version>__<description>.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException(folder + INDEX + " lists " + name + " where version "
                        + (migrations.size() + 1) + " was expected: versions must be 1, 2, ... in order");
            }
            String resource = folder + name;
            String script = read(resource);
            List<String> statements;
            try {
                statements = SqlScript.statements(script);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("migration " + resource + " cannot be split into statements: "
                        + e.getMessage(), e);
            }
            migrations.add(new Migration(version, matcher.group(2).replace('_', ' '), resource, checksum(script),
                    statements));
        }
        if (migrations.isEmpty()) {
            throw new IllegalStateException(folder + INDEX + " lists no migration");
        }
        return new MigrationCatalog(dialect, migrations);
    }

    public String dialect() {
        return dialect;
    }

    /** All migrations, by version. */
    public List<Migration> migrations() {
        return migrations;
    }

    /** The newest version this build knows. */
    public int latestVersion() {
        return migrations.size();
    }

    /** The migration of {@code version}, which must be between 1 and {@link #latestVersion()}. */
    public Migration migration(int version) {
        return migrations.get(version - 1);
    }

    /** SHA-256 of the script with CRLF/CR read as LF, so a checkout's line endings do not change it. */
    static String checksum(String script) {
        String normalized = script.replace("\r\n", "\n").replace('\r', '\n');
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class-path resource " + resource + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class-path resource " + resource, e);
        }
    }
}
