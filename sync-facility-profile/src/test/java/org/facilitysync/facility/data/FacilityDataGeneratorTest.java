package org.facilitysync.facility.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.models.FacilityDataModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FacilityDataGeneratorTest {

    private static final Pattern KOLIBRI_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\(UTC\\)");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    @Test
    void theSameSeedGivesTheSameRecords() {
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(20_000), 7);
        Iterator<GeneratedRecord> again = new FacilityDataGenerator(GeneratorSpec.ofRecords(20_000), 7).iterator();
        long compared = 0;
        for (GeneratedRecord record : generator) {
            assertEquals(record, again.next());
            compared++;
        }
        assertFalse(again.hasNext());
        assertEquals(generator.recordCount(), compared);
    }

    @Test
    void anotherSeedGivesAnotherFacility() {
        GeneratorSpec spec = GeneratorSpec.ofRecords(1_000);
        List<GeneratedRecord> one = new FacilityDataGenerator(spec, 1).records().limit(50).toList();
        List<GeneratedRecord> two = new FacilityDataGenerator(spec, 2).records().limit(50).toList();
        assertNotEquals(one.get(0).id(), two.get(0).id());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).model(), two.get(i).model(), "same shape");
            assertNotEquals(one.get(i).id(), two.get(i).id());
        }
    }

    @Test
    void theStreamAndTheIteratorAgree() {
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(2_000), 3);
        Iterator<GeneratedRecord> iterator = generator.iterator();
        generator.records().forEach(record -> assertEquals(iterator.next(), record));
        assertFalse(iterator.hasNext());
    }

    @ParameterizedTest(name = "about {0} records")
    @ValueSource(longs = {20, 57, 100, 1_000, 9_999, 100_000, 1_000_000, 10_000_000})
    void aSizedFacilityLandsWithinFourRecordsOfItsTarget(long target) {
        GeneratorSpec spec = GeneratorSpec.ofRecords(target);
        long count = spec.recordCount();
        assertTrue(Math.abs(count - target) <= 4, spec + " has " + count + " records");
        if (target <= 100_000) {
            assertEquals(count, countByWalking(new FacilityDataGenerator(spec, target)), "records actually emitted");
        }
    }

    @Test
    void aLargeFacilityHasKolibrisProportions() {
        GeneratorSpec spec = GeneratorSpec.ofRecords(1_000_000);
        assertEquals(25.0, (double) spec.learners() / spec.classrooms(), 0.5);
        assertEquals(20.0, (double) spec.contentItems() / spec.learners(), 1.0);
    }

    @Test
    void tooSmallATargetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GeneratorSpec.ofRecords(19));
        assertTrue(e.getMessage().contains("at least 20"), e.getMessage());
    }

    @ParameterizedTest(name = "spec #{index}")
    @ValueSource(strings = {"1,0,0,1,0", "1,1,1,1,1", "3,0,2,7,13", "2,5,0,9,100", "4,2,2,100,1999", "1,3,1,1,2"})
    void everySpecEmitsExactlyItsCount(String numbers) {
        String[] n = numbers.split(",");
        GeneratorSpec spec = new GeneratorSpec(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]),
                Long.parseLong(n[3]), Long.parseLong(n[4]));
        assertEquals(spec.recordCount(), countByWalking(new FacilityDataGenerator(spec, 11)));
    }

    @Test
    void everyRecordComesAfterTheRecordsItReferences() {
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(100_000), 5);
        Set<String> seen = new HashSet<>();
        Set<String> explicitSourceIds = new HashSet<>();
        for (GeneratedRecord record : generator) {
            Object sourceId = record.values().get("_morango_source_id");
            if (sourceId != null && !record.model().equals("facilitydataset")) {
                assertTrue(explicitSourceIds.add((String) sourceId), "source id " + sourceId + " repeats");
                assertFalse(sourceId.equals(generator.datasetId()), record.model() + " has the dataset's source id");
            }
            SyncableModel model = FacilityDataModels.get(record.model());
            for (ModelField field : model.fields()) {
                Object value = record.values().get(field.name());
                boolean collectionKey = field.name().equals("collection_id");
                if (value != null && (field.isReference() || collectionKey)) {
                    assertTrue(seen.contains(value), record.model() + " " + record.id() + "." + field.name()
                            + " = " + value + " comes before the record it references");
                }
            }
            assertTrue(seen.add(record.id()), "id " + record.id() + " of " + record.model() + " repeats");
        }
        assertEquals(generator.recordCount(), seen.size());
    }

    @Test
    void everyRecordHasItsModelsFieldsWithValuesOfTheirType() {
        Map<String, Integer> perModel = new HashMap<>();
        for (GeneratedRecord record : new FacilityDataGenerator(GeneratorSpec.ofRecords(5_000), 9)) {
            SyncableModel model = FacilityDataModels.get(record.model());
            perModel.merge(record.model(), 1, Integer::sum);
            boolean explicitSourceId = model.sourceId().isRandom();
            assertEquals(explicitSourceId, record.values().containsKey("_morango_source_id"), record.model());
            assertEquals(model.fields().size() + (explicitSourceId ? 1 : 0), record.values().size(), record.model());
            for (ModelField field : model.fields()) {
                assertTrue(record.values().containsKey(field.name()), record.model() + " lacks " + field.name());
                Object value = record.values().get(field.name());
                if (value == null) {
                    assertTrue(field.nullable(), record.model() + "." + field.name() + " is required");
                    continue;
                }
                assertEquals(javaType(field.type()), value.getClass(), record.model() + "." + field.name());
                if (field.name().endsWith("timestamp") || field.name().equals("date_joined")
                        || (record.model().equals("lesson") && field.name().equals("date_created"))) {
                    assertTrue(KOLIBRI_TIMESTAMP.matcher((String) value).matches(), field.name() + " = " + value);
                }
                if (field.isReference() || field.name().endsWith("_id") && !field.name().equals("id_number")) {
                    assertTrue(HEX32.matcher((String) value).matches(), record.model() + "." + field.name());
                }
            }
        }
        assertEquals(Set.of("facilitydataset", "facility", "classroom", "learnergroup", "facilityuser", "membership",
                "role", "lesson", "lessonassignment", "exam", "examassignment", "contentsummarylog",
                "contentsessionlog", "masterylog", "attemptlog"), perModel.keySet());
        assertEquals(1, perModel.get("facilitydataset"));
        assertEquals(1, perModel.get("facility"));
    }

    @Test
    void idsAndPartitionsAreTheOnesMorangoComputes() {
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(20_000), 13);
        for (GeneratedRecord record : generator) {
            String[] identity = MorangoRule.identity(FacilityDataModels.get(record.model()), record.values());
            assertEquals(identity[1], record.id(), "id of " + record);
            assertEquals(identity[2], record.partition(), "partition of " + record);
            assertTrue(record.partition().startsWith(generator.datasetId()), record.partition());
        }
    }

    @Test
    void aLearnersRecordsAreInsideTheLearnersSingleUserScope() {
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(5_000), 17);
        String dataset = generator.datasetId();
        String learner = generator.records().filter(r -> "learner1".equals(r.values().get("username")))
                .findFirst().orElseThrow().id();
        Map<String, String> params = Map.of("dataset_id", dataset, "user_id", learner);
        List<String> read = prefixes(FacilityScopes.SINGLE_USER.readWriteFilterTemplate() + "\n"
                + FacilityScopes.SINGLE_USER.readFilterTemplate(), params);
        List<String> write = prefixes(FacilityScopes.SINGLE_USER.readWriteFilterTemplate() + "\n"
                + FacilityScopes.SINGLE_USER.writeFilterTemplate(), params);
        int own = 0;
        for (GeneratedRecord record : generator) {
            boolean learnersOwn = learner.equals(record.id()) || learner.equals(record.values().get("user_id"));
            boolean facilityWide = record.partition().endsWith(":allusers-ro");
            boolean readable = read.stream().anyMatch(record.partition()::startsWith);
            assertEquals(learnersOwn || facilityWide, readable, record.model() + " in " + record.partition());
            if (learnersOwn && record.model().endsWith("log")) {
                own++;
                assertTrue(write.stream().anyMatch(record.partition()::startsWith), "the learner writes its logs");
            }
        }
        assertTrue(own > 0);
    }

    @Test
    void aGivenDatasetIdRootsEveryPartition() {
        String root = "0123456789abcdef0123456789abcdef";
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(500), 1).withDatasetId(root);
        GeneratedRecord dataset = generator.iterator().next();
        assertEquals(root, dataset.id());
        assertEquals(root, dataset.values().get("_morango_source_id"));
        assertEquals(root + ":allusers-ro", dataset.partition());
        generator.records().forEach(r -> assertTrue(r.partition().startsWith(root)));
        assertThrows(IllegalArgumentException.class, () -> generator.withDatasetId("not-a-certificate-id"));
    }

    /**
     * A million records in the 128 MB heap surefire gives this module, and what stays reachable does not
     * grow while they stream: the generator keeps nothing it emitted. Prints the rate and the heap.
     */
    @Test
    void aMillionRecordsStreamInASmallHeap() {
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(1_000_000), 42);
        long start = System.nanoTime();
        long count = 0;
        for (GeneratedRecord record : generator) {
            assertNotNull(record.id());
            count++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(generator.recordCount(), count);

        long firstRetained = 0;
        long lastRetained = 0;
        count = 0;
        for (GeneratedRecord record : generator) {
            if (++count % 250_000 == 0) {
                lastRetained = retainedHeap();
                firstRetained = firstRetained == 0 ? lastRetained : firstRetained;
            }
        }
        System.out.printf("generated %,d records in %.2f s (%,.0f records/s); retained heap %.1f MB after 250,000"
                + " and %.1f MB after 1,000,000 records, in a %d MB heap%n", generator.recordCount(), seconds,
                generator.recordCount() / seconds, firstRetained / 1e6, lastRetained / 1e6,
                Runtime.getRuntime().maxMemory() >> 20);
        assertTrue(lastRetained - firstRetained < 8_000_000, "the heap grew while streaming");
        if (seconds > 60) {
            fail("generating a million records took " + seconds + " s");
        }
    }

    private static long retainedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long countByWalking(FacilityDataGenerator generator) {
        long count = 0;
        for (Iterator<GeneratedRecord> it = generator.iterator(); it.hasNext(); it.next()) {
            count++;
        }
        return count;
    }

    private static List<String> prefixes(String template, Map<String, String> params) {
        String text = template;
        for (Map.Entry<String, String> param : params.entrySet()) {
            text = text.replace("${" + param.getKey() + "}", param.getValue());
        }
        return List.of(text.trim().split("\\s+"));
    }

    private static Class<?> javaType(FieldType type) {
        return switch (type) {
            case STRING, JSON -> String.class;
            case INTEGER -> Long.class;
            case REAL -> Double.class;
            case BOOLEAN -> Boolean.class;
            case DATETIME -> Instant.class;
        };
    }
}
