package org.facilitysync.core.internal.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;

/**
 * Morango's model order (registry {@code _insert_model_in_dependency_order}): models are taken in
 * registration order, and each is inserted just after the last already-placed model it depends on
 * (foreign keys plus declared dependencies), or at the front when it depends on none.
 *
 * <p>Morango places a model whose dependency is registered <em>later</em> before that dependency; here
 * such a model waits until its dependencies are placed, so a bundle may declare models in any order.
 * For models declared dependencies-first (Django's usual case) the result is exactly Morango's. Models
 * that depend on each other in a cycle have no correct order: they are placed by Morango's rule at the
 * end and reported in {@link Result#cyclic()}.
 */
public final class DependencyOrder {

    private DependencyOrder() {
    }

    /** The order, and the models found in dependency cycles (placed anyway). */
    public record Result(List<SyncableModel> ordered, List<SyncableModel> cyclic) {
    }

    /**
     * Orders {@code models}, given in registration order. Dependencies on models not in the list are
     * ignored here: the caller rejects such models first.
     */
    public static Result order(List<SyncableModel> models) {
        List<SyncableModel> ordered = new ArrayList<>(models.size());
        List<String> placedNames = new ArrayList<>(models.size());
        List<SyncableModel> pending = new ArrayList<>(models);
        Set<String> known = new LinkedHashSet<>();
        models.forEach(m -> known.add(m.name()));
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                SyncableModel model = it.next();
                Set<String> deps = dependencies(model, known);
                if (placedNames.containsAll(deps)) {
                    insert(model, deps, ordered, placedNames);
                    it.remove();
                    progress = true;
                }
            }
        }
        List<SyncableModel> cyclic = List.copyOf(pending);
        for (SyncableModel model : pending) {
            insert(model, dependencies(model, known), ordered, placedNames);
        }
        return new Result(List.copyOf(ordered), cyclic);
    }

    /** What {@code model} must come after: referenced models and declared dependencies, itself excluded. */
    public static Set<String> dependencies(SyncableModel model, Set<String> among) {
        Set<String> deps = new LinkedHashSet<>();
        for (ModelField field : model.fields()) {
            if (field.isReference()) {
                deps.add(field.references());
            }
        }
        deps.addAll(model.dependencies());
        deps.remove(model.name());
        deps.retainAll(among);
        return deps;
    }

    private static void insert(SyncableModel model, Set<String> deps, List<SyncableModel> ordered,
                               List<String> placedNames) {
        int last = -1;
        for (String dep : deps) {
            last = Math.max(last, placedNames.indexOf(dep));
        }
        ordered.add(last + 1, model);
        placedNames.add(last + 1, model.name());
    }
}
