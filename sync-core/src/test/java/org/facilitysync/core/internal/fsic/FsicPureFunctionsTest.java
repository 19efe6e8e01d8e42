package org.facilitysync.core.internal.fsic;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.identity.PythonJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example under {@code fsic.json} → {@code pure_functions}. Results are compared as Python
 * JSON text, so the order of partitions and instances must match Morango's dicts too.
 */
class FsicPureFunctionsTest {

    private static JsonNode pure(String name) {
        return load("fsic.json").path("pure_functions").path(name);
    }

    private static FsicV2 fsicV2(JsonNode node) {
        return new FsicV2(FsicJson.partitionCounters(node.path("super"), "super"),
                FsicJson.partitionCounters(node.path("sub"), "sub"));
    }

    private static PartitionCounters counters(JsonNode node) {
        return FsicJson.partitionCounters(node, "vector");
    }

    private static FsicV1 v1(JsonNode node) {
        return FsicJson.parseV1(PythonJson.dumps(node));
    }

    private static String label(JsonNode v, int i) {
        return i + ": " + v.path("source").asText("extra");
    }

    @TestFactory
    Stream<DynamicTest> expandFsicForUse() {
        List<JsonNode> vectors = elements(pure("expand_fsic_for_use"));
        return vectors.stream().map(v -> dynamicTest(label(v, vectors.indexOf(v)), () -> {
            PartitionCounters expanded = FsicExpansion.expandForUse(fsicV2(v.path("raw_fsic")),
                    VectorRows.filter(v.path("sync_filter")));
            assertEquals(PythonJson.dumps(v.path("output")), FsicJson.write(expanded));
        }));
    }

    @TestFactory
    Stream<DynamicTest> removeRedundantInstanceCounters() {
        List<JsonNode> vectors = elements(pure("remove_redundant_instance_counters"));
        return vectors.stream().map(v -> dynamicTest(label(v, vectors.indexOf(v)), () -> {
            FsicV2 reduced = RedundantCounterRemoval.apply(fsicV2(v.path("input")));
            assertEquals(PythonJson.dumps(v.path("output_after_in_place_removal")), FsicJson.write(reduced));
        }));
    }

    @TestFactory
    Stream<DynamicTest> directionalDiffV2() {
        List<JsonNode> vectors = elements(pure("calculate_directional_fsic_diff_v2"));
        return vectors.stream().map(v -> dynamicTest(label(v, vectors.indexOf(v)), () -> {
            PartitionCounters diff = FsicDiff.directionalV2(counters(v.path("sending")), counters(v.path("receiving")));
            assertEquals(PythonJson.dumps(v.path("output")), FsicJson.write(diff));
        }));
    }

    @TestFactory
    Stream<DynamicTest> chunkFsicV2() {
        List<JsonNode> vectors = elements(pure("chunk_fsic_v2"));
        return vectors.stream().map(v -> dynamicTest(label(v, vectors.indexOf(v)) + " size " + v.path("chunk_size"), () -> {
            List<PartitionCounters> chunks = FsicChunking.chunk(counters(v.path("fsics")), v.path("chunk_size").asInt());
            List<String> texts = new ArrayList<>();
            chunks.forEach(c -> texts.add(FsicJson.write(c)));
            List<String> expected = new ArrayList<>();
            elements(v.path("output")).forEach(c -> expected.add(PythonJson.dumps(c)));
            assertEquals(expected, texts);
        }));
    }

    @TestFactory
    Stream<DynamicTest> directionalDiffV1() {
        return elements(pure("calculate_directional_fsic_diff_v1")).stream().map(v -> dynamicTest("v1 diff", () -> {
            FsicV1 diff = FsicDiff.directionalV1(v1(v.path("sending")), v1(v.path("receiving")));
            assertEquals(PythonJson.dumps(v.path("output")), FsicJson.write(diff));
        }));
    }

    @Test
    void subPartitionOutsideTheFilterIsRejected() {
        FsicV2 fsic = FsicJson.parseV2("{\"super\": {}, \"sub\": {\"q\": {\"a\": 1}}}");
        InvalidFsicPartitionException e = assertThrows(InvalidFsicPartitionException.class,
                () -> FsicExpansion.requireSubPartitionsInFilter(fsic, SyncFilter.of("p", "r")));
        assertEquals("Partition 'q' is not in filter 'p r'", e.getMessage());
        FsicExpansion.requireSubPartitionsInFilter(fsic, SyncFilter.of("q"));
    }

    @Test
    void queueLimitsAreMorangos() {
        PartitionCounters.Builder big = PartitionCounters.builder();
        for (int i = 0; i < 99_799; i++) {
            big.partition("p" + i);
        }
        FsicChunking.requireQueueableV2(big.build(), FsicChunking.QUEUE_CHUNK_SIZE);
        FsicLimitExceededException e = assertThrows(FsicLimitExceededException.class,
                () -> FsicChunking.requireQueueableV2(big.partition("last").build(), FsicChunking.QUEUE_CHUNK_SIZE));
        assertEquals("Limit of 99800 instances + partitions exceeded with 99800", e.getMessage());
    }

    @Test
    void malformedFsicTextsSayWhatIsWrong() {
        FsicFormatException missing = assertThrows(FsicFormatException.class, () -> FsicJson.parseV2("{\"sub\": {}}"));
        assertTrue(missing.getMessage().contains("\"super\""), missing.getMessage());
        FsicFormatException counter = assertThrows(FsicFormatException.class,
                () -> FsicJson.parseV2("{\"super\": {}, \"sub\": {\"p\": {\"a\": 1.5}}}"));
        assertTrue(counter.getMessage().contains("sub[\"p\"][\"a\"]"), counter.getMessage());
        assertThrows(FsicFormatException.class, () -> FsicJson.parseV2("not json"));
    }
}
