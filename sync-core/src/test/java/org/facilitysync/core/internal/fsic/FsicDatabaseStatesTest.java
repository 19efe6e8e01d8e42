package org.facilitysync.core.internal.fsic;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.identity.PythonJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code fsic.json} → {@code db_states}: every state, every filter, every variant (producer and
 * receiver; v2, v1, v2 without instance reduction, expanded), computed from the state's rows.
 *
 * <p>v2 results are compared as text, so their order matches Morango's too (our rows come in the
 * order Morango's table scan returned them). v1 is compared as a map: Morango builds it from
 * Python sets, whose order is arbitrary.
 */
class FsicDatabaseStatesTest {

    @TestFactory
    Stream<DynamicTest> everyStateFilterAndVariant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode state : elements(load("fsic.json").path("db_states"))) {
            VectorRows rows = VectorRows.ofFsicState(state.path("state"));
            for (JsonNode result : elements(state.path("results"))) {
                SyncFilter filter = VectorRows.filter(result.path("filter"));
                for (FsicSide side : FsicSide.values()) {
                    String prefix = side.name().toLowerCase();
                    String name = state.path("name").asText() + " " + result.path("filter") + " " + prefix;
                    tests.add(dynamicTest(name + " v2", () -> assertEquals(
                            PythonJson.dumps(result.path(prefix + "_v2")),
                            FsicJson.write(rows.fsicV2(filter, side, true)))));
                    tests.add(dynamicTest(name + " v2 without instance reduction", () -> assertEquals(
                            PythonJson.dumps(result.path(prefix + "_v2_without_instance_reduction")),
                            FsicJson.write(rows.fsicV2(filter, side, false)))));
                    tests.add(dynamicTest(name + " v2 expanded", () -> assertEquals(
                            PythonJson.dumps(result.path(prefix + "_v2_expanded")),
                            FsicJson.write(FsicExpansion.expandForUse(rows.fsicV2(filter, side, true), filter)))));
                    tests.add(dynamicTest(name + " v1", () -> assertEquals(
                            FsicJson.parseV1(PythonJson.dumps(result.path(prefix + "_v1"))),
                            rows.fsicV1(filter, side))));
                }
            }
        }
        return tests.stream();
    }
}
