package org.facilitysync.core.internal.fsic;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.identity.PythonJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code fsic.json} → {@code update_fsics}.
 *
 * <p>Design decision: we keep the HIGHER DatabaseMaxCounter. Morango 0.8.2 may lower one (v2
 * compares against a constant key, v1 overwrites each filter partition's row), which only causes
 * re-transfers later. So each vector's expectation is Morango's recorded table with every counter
 * raised back to its value before the update where Morango lowered it; everything Morango added or
 * raised we add or raise alike.
 */
class DatabaseMaxCounterUpdateTest {

    @TestFactory
    Stream<DynamicTest> everyUpdateVector() {
        return elements(load("fsic.json").path("update_fsics")).stream().map(v -> dynamicTest(
                v.path("description").asText(), () -> {
                    SyncFilter filter = VectorRows.filter(v.path("filter"));
                    List<DatabaseMaxCounterRow> before = VectorRows.dmcs(v.path("dmc_before"));
                    List<DatabaseMaxCounterRow> upserts = v.path("v2_format").asBoolean()
                            ? DatabaseMaxCounterUpdate.upsertsV2(before, FsicJson.parseV2(PythonJson.dumps(v.path("incoming_fsic"))))
                            : DatabaseMaxCounterUpdate.upsertsV1(before, FsicJson.parseV1(PythonJson.dumps(v.path("incoming_fsic"))), filter);
                    Map<String, Long> ours = table(DatabaseMaxCounterUpdate.apply(before, upserts));

                    Map<String, Long> morango = table(VectorRows.dmcs(v.path("dmc_after")));
                    Map<String, Long> expected = new LinkedHashMap<>(morango);
                    for (DatabaseMaxCounterRow row : before) {
                        // where Morango lowered a counter (it recorded e.g. 5 over our 10), we keep ours
                        expected.merge(key(row), row.counter(), Math::max);
                    }
                    assertEquals(expected, ours, "Morango recorded " + morango + "; we keep the maximum");
                }));
    }

    private static Map<String, Long> table(List<DatabaseMaxCounterRow> rows) {
        Map<String, Long> table = new LinkedHashMap<>();
        rows.forEach(r -> table.put(key(r), r.counter()));
        return table;
    }

    private static String key(DatabaseMaxCounterRow row) {
        return "(" + row.partition() + ", " + row.instanceId() + ")";
    }
}
