package org.facilitysync.core.internal.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.api.model.SyncableModel;
import org.slf4j.Logger;

/**
 * The models of every profile, from the {@link SyncProfile} services registered so far: the plain-Java
 * core of {@link ModelRegistryComponent}.
 *
 * <p>On every change of a profile's services the profile is rebuilt from scratch, services taken in
 * ascending service id (registration order) and their models in declared order:
 * <ul>
 * <li>a model whose profile differs from its service's, or whose name an earlier service (or the same
 * one) declared already, is left out;</li>
 * <li>a model that references (field or declared dependency) a model no service declares is left out,
 * and so, transitively, is every model that needs it;</li>
 * <li>the rest is put in Morango's {@link DependencyOrder}; each model's table is provisioned before the
 * model is published, and a model whose table cannot be made is left out too.</li>
 * </ul>
 * Every model left out is logged at WARN (ERROR for table failures), naming the service and the model.
 * When the obstacle goes (the earlier service leaves, the missing model arrives), the next rebuild
 * accepts the model.
 *
 * <p>Mutators are serialized; readers get immutable snapshots without locking.
 */
public final class ModelCatalog implements ModelRegistry {

    /** Makes a model's application table exist with all its columns; throws when it cannot. */
    @FunctionalInterface
    public interface TableProvisioner {
        void provision(RegisteredModel model);
    }

    /** A registered {@link SyncProfile} service: its id (registration order) and a description for messages. */
    public record ProfileSource(long serviceId, String description, SyncProfile service) {
        public ProfileSource {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(service, "service");
        }
    }

    private record Declaration(ProfileSource source, String profile, List<SyncableModel> models) {
    }

    private record Candidate(SyncableModel model, ProfileSource source) {
    }

    private final Logger log;
    private final TableProvisioner provisioner;
    private final TreeMap<Long, Declaration> declarations = new TreeMap<>();
    /** Fields each table was last provisioned with, so that unchanged models cost no DDL. */
    private final Map<String, List<ModelField>> provisioned = new HashMap<>();
    /** Which profile/model a table belongs to: two names that sanitize alike must not share one. */
    private final Map<String, String> tableOwners = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private volatile Map<String, ProfileModels> profiles = Map.of();

    public ModelCatalog(Logger log, TableProvisioner provisioner) {
        this.log = Objects.requireNonNull(log, "log");
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
    }

    @Override
    public ProfileModels profile(String profile) {
        ProfileModels models = profiles.get(profile);
        return models != null ? models : ProfileModels.empty(profile);
    }

    @Override
    public Set<String> profiles() {
        return profiles.keySet();
    }

    /** Adds a service, or replaces the one with the same service id (its properties or models changed). */
    public synchronized void add(ProfileSource source) {
        Declaration previous = declarations.remove(source.serviceId());
        Declaration declaration = declare(source);
        Set<String> affected = new TreeSet<>();
        if (previous != null) {
            affected.add(previous.profile());
        }
        if (declaration != null) {
            declarations.put(source.serviceId(), declaration);
            affected.add(declaration.profile());
        }
        affected.forEach(this::rebuild);
    }

    /** Removes the service with this id; its models disappear (their tables and records stay). */
    public synchronized void remove(long serviceId) {
        Declaration previous = declarations.remove(serviceId);
        if (previous != null) {
            rebuild(previous.profile());
        }
    }

    private Declaration declare(ProfileSource source) {
        String profile;
        List<SyncableModel> models;
        try {
            profile = source.service().name();
            models = List.copyOf(source.service().models());
        } catch (RuntimeException e) {
            warn(source.description() + " is ignored: asking it for its profile name and models failed: " + e);
            return null;
        }
        if (profile == null || profile.isBlank()) {
            warn(source.description() + " is ignored: its profile name is blank");
            return null;
        }
        return new Declaration(source, profile, models);
    }

    private void rebuild(String profile) {
        Set<String> excluded = new HashSet<>();
        while (true) {
            String failed = tryBuild(profile, excluded);
            if (failed == null) {
                return;
            }
            excluded.add(failed);
        }
    }

    /** Builds and publishes the profile; returns the name of a model whose table failed (to retry without it). */
    private String tryBuild(String profile, Set<String> excluded) {
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Declaration declaration : declarations.values()) {
            if (!declaration.profile().equals(profile)) {
                continue;
            }
            String service = declaration.source().description();
            for (SyncableModel model : declaration.models()) {
                if (model == null) {
                    warn(service + " declares a null model in profile " + profile + "; ignored");
                } else if (!model.profile().equals(profile)) {
                    warn("model " + model.profile() + "/" + model.name() + " of " + service
                            + " is left out: the service's profile is '" + profile + "'");
                } else if (candidates.containsKey(model.name())) {
                    Candidate first = candidates.get(model.name());
                    warn("model " + profile + "/" + model.name() + " of " + service + " is left out: "
                            + (first.source() == declaration.source() ? "the service declares that name twice"
                                    : first.source().description() + " declared that model already"));
                } else if (!excluded.contains(model.name())) {
                    candidates.put(model.name(), new Candidate(model, declaration.source()));
                }
            }
        }
        dropUnsatisfied(profile, candidates);

        List<SyncableModel> models = new ArrayList<>();
        candidates.values().forEach(c -> models.add(c.model()));
        DependencyOrder.Result order = DependencyOrder.order(models);
        if (!order.cyclic().isEmpty()) {
            List<String> names = order.cyclic().stream().map(SyncableModel::name).toList();
            warn("models " + names + " of profile " + profile + " depend on each other in a cycle; they are "
                    + "placed in Morango's order, and records that reference a record deserialized later fail "
                    + "until a later pass");
        }

        List<RegisteredModel> accepted = new ArrayList<>();
        for (SyncableModel model : order.ordered()) {
            RegisteredModel registered = new RegisteredModel(model, candidates.get(model.name()).source().description());
            String qualified = registered.qualifiedName();
            String owner = tableOwners.get(registered.table());
            if (owner != null && !owner.equals(qualified)) {
                warn(registered + " is left out: its table name is taken by model " + owner
                        + "; rename the profile or the model");
                return model.name();
            }
            if (!model.fields().equals(provisioned.get(registered.table()))) {
                try {
                    provisioner.provision(registered);
                } catch (RuntimeException e) {
                    log.error("{} is left out: its table {} cannot be created or extended: {}", registered,
                            registered.table(), e.getMessage(), e);
                    return model.name();
                }
                provisioned.put(registered.table(), model.fields());
                tableOwners.put(registered.table(), qualified);
            }
            accepted.add(registered);
        }
        publish(profile, accepted);
        return null;
    }

    /** Removes, until none is left, every candidate that references a model not among the candidates. */
    private void dropUnsatisfied(String profile, Map<String, Candidate> candidates) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = candidates.values().iterator(); it.hasNext(); ) {
                Candidate candidate = it.next();
                String missing = missingReference(candidate.model(), candidates.keySet());
                if (missing != null) {
                    warn("model " + profile + "/" + candidate.model().name() + " of "
                            + candidate.source().description() + " is left out: " + missing);
                    it.remove();
                    changed = true;
                }
            }
        }
    }

    private static String missingReference(SyncableModel model, Set<String> available) {
        for (ModelField field : model.fields()) {
            if (field.isReference() && !field.references().equals(model.name())
                    && !available.contains(field.references())) {
                return "its field '" + field.name() + "' references model '" + field.references()
                        + "', which no SyncProfile service declares (usably) in profile " + model.profile();
            }
        }
        for (String dependency : model.dependencies()) {
            if (!dependency.equals(model.name()) && !available.contains(dependency)) {
                return "it depends on model '" + dependency + "', which no SyncProfile service declares (usably) "
                        + "in profile " + model.profile();
            }
        }
        return null;
    }

    private void publish(String profile, List<RegisteredModel> accepted) {
        Map<String, ProfileModels> next = new TreeMap<>(profiles);
        ProfileModels before = next.get(profile);
        if (accepted.isEmpty()) {
            next.remove(profile);
        } else {
            next.put(profile, new ProfileModels(profile, accepted));
        }
        profiles = Collections.unmodifiableMap(next);
        List<String> names = accepted.stream().map(RegisteredModel::name).toList();
        if (before == null || !before.names().equals(names)) {
            log.info("Profile {} has models {} (in dependency order)", profile, names);
        }
    }

    private void warn(String message) {
        // Every rebuild re-validates all models of the profile: say each problem once, not on every change.
        if (warned.add(message)) {
            log.warn(message);
        }
    }
}
