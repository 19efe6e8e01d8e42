package org.facilitysync.facility.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.junit.jupiter.api.Test;

/** The models form a graph the core can order: known targets only, no cycles, self references apart. */
class ModelGraphTest {

    private final List<SyncableModel> models = FacilityDataModels.all();
    private final Set<String> names = new HashSet<>(models.stream().map(SyncableModel::name).toList());

    @Test
    void everyReferenceAndDependencyNamesADeclaredModel() {
        for (SyncableModel model : models) {
            for (String target : edges(model)) {
                assertTrue(names.contains(target), model.name() + " references undeclared model " + target);
            }
        }
    }

    @Test
    void theDependencyGraphHasNoCycle() {
        Map<String, SyncableModel> byName = new HashMap<>();
        models.forEach(m -> byName.put(m.name(), m));
        Set<String> done = new HashSet<>();
        for (SyncableModel model : models) {
            visit(model.name(), byName, done, new LinkedHashSet<>());
        }
        assertEquals(names, done);
    }

    @Test
    void theDeclaredOrderIsADependencyOrder() {
        Set<String> before = new HashSet<>();
        for (SyncableModel model : models) {
            for (String target : edges(model)) {
                assertTrue(before.contains(target), model.name() + " is declared before " + target);
            }
            before.add(model.name());
        }
    }

    @Test
    void onlyTheCollectionKindsReferenceThemselvesThroughTheirParent() {
        // one Collection table in Kolibri: Morango takes every kind's parent as its self-reference
        List<String> selfReferencing = models.stream().filter(m -> m.selfReference().isPresent())
                .map(SyncableModel::name).toList();
        assertEquals(AuthModels.COLLECTIONS, selfReferencing);
        for (String kind : AuthModels.COLLECTIONS) {
            ModelField parent = FacilityDataModels.get(kind).selfReference().orElseThrow();
            assertEquals("parent_id", parent.name());
            assertTrue(parent.nullable());
        }
    }

    @Test
    void everyFacilityRecordBelongsToADataset() {
        for (SyncableModel model : models) {
            if (model.name().equals("facilitydataset")) {
                continue;
            }
            ModelField dataset = model.field("dataset_id").orElseThrow(() -> new AssertionError(model.name()));
            assertEquals("facilitydataset", dataset.references(), model.name());
            assertTrue(model.partitionTemplate().startsWith("${dataset_id}"), model.name());
        }
    }

    private void visit(String name, Map<String, SyncableModel> byName, Set<String> done, LinkedHashSet<String> path) {
        if (done.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            fail("dependency cycle: " + new ArrayList<>(path) + " -> " + name);
        }
        for (String target : edges(byName.get(name))) {
            visit(target, byName, done, path);
        }
        path.remove(name);
        done.add(name);
    }

    /** What a model must come after: its foreign keys' models and its dependencies, itself excluded. */
    private static Set<String> edges(SyncableModel model) {
        Set<String> targets = new LinkedHashSet<>(model.dependencies());
        model.fields().stream().filter(ModelField::isReference).map(ModelField::references).forEach(targets::add);
        targets.remove(model.name());
        return targets;
    }
}
