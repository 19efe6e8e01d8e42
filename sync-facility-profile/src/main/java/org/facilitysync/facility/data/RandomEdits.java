package org.facilitysync.facility.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.models.FacilityDataModels;

/**
 * Seeded random edits of existing records, as applications on different nodes would make them between
 * syncs: the convergence tests apply them on both sides and check that the nodes end up equal.
 *
 * <p>Each record's edit depends only on the seed and the record (its model and id), not on its place
 * among the others, so two nodes that hold the same records derive the same edits, in any order.
 *
 * <p>A record is deleted with probability {@code deleteShare} when nothing else may reference it (a
 * membership, a role, an attempt log, an assignment: deleting those needs no cascade); otherwise it is
 * updated with probability {@code updateShare} when its model has fields an application changes. An
 * update changes one or two of those fields and never a foreign key or a field the record's id or
 * partition came from. Immutable and thread-safe.
 */
public final class RandomEdits {

    /** The fields applications change, per model, and how to draw a new value for each. */
    private static final Map<String, Map<String, Function<SplittableRandom, Object>>> EDITABLE = editable();

    /** Models no other model references: deleting one of their records leaves no dangling key. */
    private static final Set<String> DELETABLE = deletable();

    private final long seed;
    private final double updateShare;
    private final double deleteShare;

    /**
     * @param seed where the edits' randomness comes from
     * @param updateShare the probability that a record is updated, in [0, 1]
     * @param deleteShare the probability that a record that may be deleted is, in [0, 1]
     */
    public RandomEdits(long seed, double updateShare, double deleteShare) {
        if (!(updateShare >= 0 && updateShare <= 1 && deleteShare >= 0 && deleteShare <= 1)) {
            throw new IllegalArgumentException("shares are probabilities between 0 and 1, not update " + updateShare
                    + " and delete " + deleteShare);
        }
        this.seed = seed;
        this.updateShare = updateShare;
        this.deleteShare = deleteShare;
    }

    /** The edits of {@code records}, lazily, in their order; records left alone have none. */
    public Stream<RecordEdit> over(Stream<RecordRef> records) {
        return records.map(this::editFor).flatMap(Optional::stream);
    }

    /** The edit of one record, if it gets one. */
    public Optional<RecordEdit> editFor(RecordRef record) {
        SplittableRandom random = randomFor(record);
        if (random.nextDouble() < deleteShare && DELETABLE.contains(record.model())) {
            return Optional.of(new RecordEdit.Delete(record.model(), record.id()));
        }
        Map<String, Function<SplittableRandom, Object>> fields = EDITABLE.get(record.model());
        if (random.nextDouble() >= updateShare || fields == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(fields.keySet());
        Map<String, Object> changes = new LinkedHashMap<>();
        int count = Math.min(names.size(), 1 + random.nextInt(2));
        for (int i = 0; i < count; i++) {
            String name = names.remove(random.nextInt(names.size()));
            changes.put(name, fields.get(name).apply(random));
        }
        return Optional.of(new RecordEdit.Update(record.model(), record.id(), changes));
    }

    /** Whether records of {@code model} may be deleted by random edits. */
    public static boolean isDeletable(String model) {
        return DELETABLE.contains(model);
    }

    /** The fields random edits may change in records of {@code model}. */
    public static Set<String> editableFields(String model) {
        return EDITABLE.getOrDefault(model, Map.of()).keySet();
    }

    private SplittableRandom randomFor(RecordRef record) {
        long hash = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < record.model().length(); i++) {
            hash = 31 * hash + record.model().charAt(i);
        }
        for (int i = 0; i < record.id().length(); i++) {
            hash = 31 * hash + record.id().charAt(i);
        }
        return new SplittableRandom(hash);
    }

    private static Map<String, Map<String, Function<SplittableRandom, Object>>> editable() {
        Function<SplittableRandom, Object> name = r -> "Renamed " + Integer.toHexString(r.nextInt(0x10000));
        Function<SplittableRandom, Object> text = r -> "Edited " + Integer.toHexString(r.nextInt(0x10000));
        Function<SplittableRandom, Object> flag = SplittableRandom::nextBoolean;
        Function<SplittableRandom, Object> seconds = r -> r.nextInt(10, 36_000) / 10.0;
        Function<SplittableRandom, Object> share = r -> r.nextInt(0, 1001) / 1000.0;
        Function<SplittableRandom, Object> correct = r -> r.nextBoolean() ? 1.0 : 0.0;
        Function<SplittableRandom, Object> later = r -> KolibriValues.timestampTz(
                KolibriValues.EPOCH.plus(Duration.ofDays(200)).plusSeconds(r.nextInt(86_400 * 30)));

        Map<String, Map<String, Function<SplittableRandom, Object>>> table = new LinkedHashMap<>();
        table.put("facilitydataset", Map.of("description", text, "location", text));
        for (String collection : List.of("facility", "classroom", "learnergroup", "adhoclearnersgroup")) {
            table.put(collection, Map.of("name", name));
        }
        table.put("facilityuser", Map.of("full_name", name, "id_number", text));
        table.put("contentsessionlog", Map.of("time_spent", seconds, "progress", share, "end_timestamp", later));
        table.put("contentsummarylog", Map.of("time_spent", seconds, "progress", share, "end_timestamp", later));
        table.put("usersessionlog", Map.of("pages", text));
        table.put("masterylog", Map.of("complete", flag, "time_spent", seconds));
        table.put("attemptlog", Map.of("correct", correct, "simple_answer", text, "hinted", flag));
        table.put("examattemptlog", Map.of("correct", correct, "simple_answer", text));
        table.put("examlog", Map.of("closed", flag));
        table.put("exam", Map.of("title", name, "active", flag, "archive", flag));
        table.put("lesson", Map.of("title", name, "description", text, "is_active", flag));
        // A stable order of fields, so that a record's edit does not depend on Map.of's iteration order.
        table.replaceAll((model, fields) -> sorted(model, fields));
        return table;
    }

    private static Map<String, Function<SplittableRandom, Object>> sorted(String model,
            Map<String, Function<SplittableRandom, Object>> fields) {
        SyncableModel declared = FacilityDataModels.get(model);
        Map<String, Function<SplittableRandom, Object>> ordered = new LinkedHashMap<>();
        for (ModelField field : declared.fields()) {
            if (fields.containsKey(field.name())) {
                ordered.put(field.name(), fields.get(field.name()));
            }
        }
        if (ordered.size() != fields.size()) {
            throw new IllegalStateException("editable fields " + fields.keySet() + " are not all fields of " + model);
        }
        return ordered;
    }

    private static Set<String> deletable() {
        Set<String> referenced = new HashSet<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            referenced.addAll(model.dependencies());
            model.fields().stream().filter(ModelField::isReference).map(ModelField::references).forEach(referenced::add);
        }
        Set<String> leaves = new HashSet<>();
        FacilityDataModels.all().stream().map(SyncableModel::name).filter(m -> !referenced.contains(m))
                .forEach(leaves::add);
        return Set.copyOf(leaves);
    }
}
