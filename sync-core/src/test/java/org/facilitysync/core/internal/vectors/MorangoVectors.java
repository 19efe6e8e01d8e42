package org.facilitysync.core.internal.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opentest4j.AssertionFailedError;

/**
 * The golden vectors recorded from Morango 0.8.2, test resources of sync-core ({@code vectors/morango/}; where
 * they came from: {@code vectors/README.md}). A missing file fails the test: a silently skipped compatibility
 * check is worse than a red build.
 */
public final class MorangoVectors {

    private static final String DIR = "/vectors/morango/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private MorangoVectors() {
    }

    /** A vector file parsed as a Jackson tree (objects keep the file's key order). */
    public static JsonNode load(String fileName) {
        return CACHE.computeIfAbsent(fileName, name -> {
            try (InputStream in = open(name)) {
                return MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Morango vector file " + DIR + name, e);
            }
        });
    }

    /** The lines of a {@code .jsonl} vector file, each parsed. */
    public static List<JsonNode> loadLines(String fileName) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(fileName), StandardCharsets.UTF_8))) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Morango vector file " + DIR + fileName, e);
        }
    }

    private static InputStream open(String fileName) {
        InputStream in = MorangoVectors.class.getResourceAsStream(DIR + fileName);
        if (in == null) {
            throw new AssertionFailedError("Morango vector file " + DIR + fileName + " is not on the test class path"
                    + " (sync-core/src/test/resources" + DIR + ")");
        }
        return in;
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
