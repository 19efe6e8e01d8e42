package org.facilitysync.core.internal.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opentest4j.AssertionFailedError;

/**
 * The golden vectors recorded from Morango 0.8.2, found through the system property {@code
 * vectors.dir} that sync-core's surefire configuration sets to {@code ../shared/vectors/morango}
 * beside the repository. A missing directory fails the test (it never skips): CI always has it,
 * and a silently skipped compatibility check is worse than a red build.
 */
public final class MorangoVectors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private MorangoVectors() {
    }

    /** The vectors directory, or a test failure saying where it was looked for. */
    public static Path dir() {
        String property = System.getProperty("vectors.dir");
        if (property == null || property.isBlank()) {
            throw new AssertionFailedError("Morango vectors not found: system property 'vectors.dir' is not set "
                    + "(sync-core's surefire configuration sets it to "
                    + "${maven.multiModuleProjectDirectory}/../shared/vectors/morango; run the tests through Maven)");
        }
        Path dir = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("README.md"))) {
            throw new AssertionFailedError("Morango vectors not found: looked in " + dir
                    + " (from system property vectors.dir=" + property + "); the shared/ directory must sit "
                    + "beside the repository checkout");
        }
        return dir;
    }

    /** A vector file parsed as a Jackson tree (objects keep the file's key order). */
    public static JsonNode load(String fileName) {
        return CACHE.computeIfAbsent(fileName, name -> {
            Path file = dir().resolve(name);
            try {
                return MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Morango vector file " + file, e);
            }
        });
    }

    /** The lines of a {@code .jsonl} vector file, each parsed. */
    public static List<JsonNode> loadLines(String fileName) {
        Path file = dir().resolve(fileName);
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Morango vector file " + file, e);
        }
    }

    /** The shared mapper for tests that convert trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The elements of a JSON array, for iteration in tests. */
    public static List<JsonNode> elements(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new AssertionFailedError("expected a JSON array in the vectors but found " + array);
        }
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** The string elements of a JSON array. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode node : elements(array)) {
            out.add(node.asText());
        }
        return out;
    }
}
