package org.facilitysync.core.internal.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.facilitysync.api.model.ModelField;

/**
 * The accepted models of one profile, in Morango's dependency order (serialization and
 * deserialization iterate in it: every model comes after the models it references). An immutable
 * snapshot: a registry change makes a new one.
 */
public final class ProfileModels {

    private final String profile;
    private final List<RegisteredModel> ordered;
    private final Map<String, RegisteredModel> byName;

    public ProfileModels(String profile, List<RegisteredModel> inDependencyOrder) {
        this.profile = profile;
        this.ordered = List.copyOf(inDependencyOrder);
        Map<String, RegisteredModel> map = new LinkedHashMap<>();
        for (RegisteredModel model : ordered) {
            if (!model.profile().equals(profile)) {
                throw new IllegalArgumentException(model + " does not belong to profile " + profile);
            }
            map.put(model.name(), model);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** A profile no service declares models for. */
    public static ProfileModels empty(String profile) {
        return new ProfileModels(profile, List.of());
    }

    public String profile() {
        return profile;
    }

    public List<RegisteredModel> inDependencyOrder() {
        return ordered;
    }

    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    public Optional<RegisteredModel> model(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The model called {@code name}.
     *
     * @throws IllegalArgumentException naming the profile and the models it has
     */
    public RegisteredModel require(String name) {
        RegisteredModel model = byName.get(name);
        if (model == null) {
            throw new IllegalArgumentException("profile '" + profile + "' has no model '" + name + "' on this node"
                    + (byName.isEmpty() ? " (no SyncProfile service declares models for it)"
                            : " (its models: " + String.join(", ", byName.keySet()) + ")"));
        }
        return model;
    }

    /** The model names, in dependency order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The foreign keys, in any model of this profile, that point to {@code target} (self references included). */
    public List<Referrer> referrersOf(String target) {
        List<Referrer> out = new ArrayList<>();
        for (RegisteredModel model : ordered) {
            for (ModelField field : model.references()) {
                if (field.references().equals(target)) {
                    out.add(new Referrer(model, field));
                }
            }
        }
        return out;
    }

    /** A foreign key {@code field} of {@code model}. */
    public record Referrer(RegisteredModel model, ModelField field) {
    }

    @Override
    public String toString() {
        return "profile " + profile + " " + byName.keySet();
    }
}
