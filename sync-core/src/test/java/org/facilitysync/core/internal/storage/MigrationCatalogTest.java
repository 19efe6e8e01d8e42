package org.facilitysync.core.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The migration files themselves: listed completely, consistent across dialects, split correctly. */
class MigrationCatalogTest {

    private static final List<String> DIALECTS = List.of(new SqliteDialect().name(), new PostgresDialect().name());

    @Test
    void eachIndexListsExactlyTheMigrationFilesOfItsFolder() throws IOException {
        for (String dialect : DIALECTS) {
            Path folder = Path.of("src/main/resources/db", dialect);
            List<String> files;
            try (Stream<Path> listing = Files.list(folder)) {
                files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
            }
            List<String> listed = MigrationCatalog.load(dialect).migrations().stream().map(Migration::fileName)
                    .sorted().toList();
            assertEquals(files, listed, folder + "/" + MigrationCatalog.INDEX + " must list every migration file");
        }
    }

    @Test
    void everyDialectHasTheSameVersions() {
        List<String> sqlite = versions(MigrationCatalog.load("sqlite"));
        assertEquals(sqlite, versions(MigrationCatalog.load("postgresql")));
    }

    @Test
    void v1CreatesTheSameTablesAndIndexesOnBothDatabases() {
        assertEquals(createdObjects(MigrationCatalog.load("sqlite").migration(1)),
                createdObjects(MigrationCatalog.load("postgresql").migration(1)));
    }

    @Test
    void scriptsSplitAtSemicolonsOutsideQuotesAndComments() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (x TEXT DEFAULT 'it''s; fine'); /* block; comment */
                CREATE TABLE "b;c" (y INTEGER);
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                SELECT $1;
                """;

        assertEquals(List.of("CREATE TABLE a (x TEXT DEFAULT 'it''s; fine')", "CREATE TABLE \"b;c\" (y INTEGER)",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql", "SELECT $1"),
                SqlScript.statements(script));
        assertThrows(IllegalArgumentException.class, () -> SqlScript.statements("SELECT 'open"));
    }

    @Test
    void checksumsIgnoreLineEndingsButNothingElse() {
        String unix = "CREATE TABLE a (x TEXT);\nCREATE TABLE b (y TEXT);\n";
        assertEquals(MigrationCatalog.checksum(unix), MigrationCatalog.checksum(unix.replace("\n", "\r\n")));
        assertNotEquals(MigrationCatalog.checksum(unix), MigrationCatalog.checksum(unix.replace("y", "z")));
        assertEquals(64, MigrationCatalog.checksum(unix).length());
    }

    private static List<String> versions(MigrationCatalog catalog) {
        return catalog.migrations().stream().map(m -> m.version() + " " + m.description()).toList();
    }

    private static List<String> createdObjects(Migration migration) {
        return migration.statements().stream()
                .map(s -> s.replaceAll("\\s+", " "))
                .map(s -> s.replaceFirst("^(CREATE (?:UNIQUE )?(?:TABLE|INDEX) \\w+).*", "$1"))
                .toList();
    }
}
