package org.facilitysync.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model whose records sync: Morango's {@code SyncableModel}, declared as data.
 *
 * <p><b>Ids and partitions.</b> When a record is created, its source id comes from
 * {@link #sourceId()}, and its id is {@code sha2_uuid(partitionTemplate-with-fields, sourceId, name)}
 * (or the source id itself when {@link #idIsSourceId()}). The partition is the template with each
 * {@code ${field}} replaced by the record's value of that field and {@code ${id}} by the record's id.
 * The id is computed on the partition <em>before</em> {@code ${id}} is replaced, exactly as Morango
 * does. Neither changes afterwards, even when the fields they came from change.
 *
 * @param profile the profile the model belongs to (for example {@code facilitydata})
 * @param name the model's Morango name (for example {@code facilityuser}); unique in its profile
 * @param fields the model's own fields, in serialization order (Morango's columns stand at
 *        {@code morangoColumnsAt})
 * @param partitionTemplate the partition, with {@code ${field}} and {@code ${id}} placeholders
 * @param sourceId how a new record's source id is found
 * @param idIsSourceId whether the record's id is its source id (Kolibri's facility dataset, whose id
 *        is its root certificate's id) instead of the namespaced hash
 * @param dependencies models this one must be serialized and deserialized after, besides those its
 *        foreign keys reference
 * @param morangoColumnsAt where Morango's own keys ({@code id, _morango_source_id, _morango_partition}) stand
 *        among the fields in a serialized record: before the field of that index, 0 for first (Django orders a
 *        model's fields by declaration, inherited ones first: Kolibri's user serializes {@code password} and
 *        {@code last_login} before {@code id})
 * @param selfReferenceField the foreign key Morango treats as self-referential (its {@code _self_ref_fk}),
 *        or null for the field that references this model itself, if any. A key to another model of the
 *        same database table counts: Kolibri's collection kinds are one table, so a classroom's parent (a
 *        facility) is its self-reference, and a record deserializes only after its parent's Store row has
 *        been deserialized
 * @param nullPartition the partition template a record gets instead of {@link #partitionTemplate()} when a
 *        field is null (Kolibri's logs of a guest, without a user, are in {@code ${dataset_id}:anonymous}), or
 *        null for none
 * @param indexedFields fields whose values records are looked up by ({@link SyncRecords#findBy}), each
 *        indexed in the model's table so the lookup does not grow with it (a login's username, say);
 *        foreign keys are indexed anyway
 * @since 1.1 (morangoColumnsAt, selfReferenceField, nullPartition, indexedFields)
 */
public record SyncableModel(String profile, String name, List<ModelField> fields, String partitionTemplate,
        SourceIdRule sourceId, boolean idIsSourceId, List<String> dependencies, int morangoColumnsAt,
        String selfReferenceField, NullPartition nullPartition, List<String> indexedFields) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9_]*)}");

    /** Morango's placeholder for the record's own id in a partition template. */
    public static final String ID_PLACEHOLDER = "${id}";

    public SyncableModel {
        requireName(profile, "profile");
        requireName(name, "model name");
        fields = List.copyOf(fields);
        Objects.requireNonNull(partitionTemplate, "partitionTemplate");
        Objects.requireNonNull(sourceId, "sourceId");
        dependencies = List.copyOf(dependencies);
        indexedFields = List.copyOf(indexedFields);
        for (String field : indexedFields) {
            if (fields.stream().noneMatch(f -> f.name().equals(field))) {
                throw new IllegalArgumentException("model " + profile + "/" + name + " declares an index on field '"
                        + field + "', which does not exist");
            }
        }
        if (morangoColumnsAt < 0 || morangoColumnsAt > fields.size()) {
            throw new IllegalArgumentException("model " + profile + "/" + name + ": Morango's columns at "
                    + morangoColumnsAt + " is outside its " + fields.size() + " fields");
        }
        if (selfReferenceField != null) {
            ModelField self = fields.stream().filter(f -> f.name().equals(selfReferenceField)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("self reference '" + selfReferenceField
                            + "' of model " + profile + "/" + name + " is not a field"));
            if (!self.isReference()) {
                throw new IllegalArgumentException("self reference '" + selfReferenceField + "' of model " + profile
                        + "/" + name + " is not a foreign key");
            }
        }
        if (nullPartition != null) {
            checkTemplate(profile, name, fields, nullPartition.template());
            if (fields.stream().noneMatch(f -> f.name().equals(nullPartition.field()) && f.nullable())) {
                throw new IllegalArgumentException("partition of model " + profile + "/" + name + " when '"
                        + nullPartition.field() + "' is null: that must be a nullable field");
            }
        }
        long selfReferences = fields.stream().filter(f -> name.equals(f.references())).count();
        if (selfReferences > 1) {
            throw new IllegalArgumentException("model " + profile + "/" + name
                    + " references itself through " + selfReferences + " fields; Morango allows at most one");
        }
        checkTemplate(profile, name, fields, partitionTemplate);
        for (String field : sourceId.fields()) {
            if (fields.stream().noneMatch(f -> f.name().equals(field))) {
                throw new IllegalArgumentException("source-id rule of model " + profile + "/" + name
                        + " names field '" + field + "', which does not exist");
            }
        }
    }

    /** A model as in 1.0: Morango's columns first, no declared self reference, one partition template. */
    public SyncableModel(String profile, String name, List<ModelField> fields, String partitionTemplate,
            SourceIdRule sourceId, boolean idIsSourceId, List<String> dependencies) {
        this(profile, name, fields, partitionTemplate, sourceId, idIsSourceId, dependencies, 0, null, null, List.of());
    }

    /**
     * The partition template of a record with these values: {@link #nullPartition()}'s when its field is null,
     * {@link #partitionTemplate()} otherwise.
     *
     * @since 1.1
     */
    public String partitionTemplate(java.util.function.Function<String, Object> values) {
        return nullPartition != null && values.apply(nullPartition.field()) == null ? nullPartition.template()
                : partitionTemplate;
    }

    /**
     * A partition template for records whose {@code field} is null.
     *
     * @since 1.1
     */
    public record NullPartition(String field, String template) {
        public NullPartition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(template, "template");
        }
    }

    private static void checkTemplate(String profile, String name, List<ModelField> fields, String template) {
        for (String placeholder : placeholders(template)) {
            if (!placeholder.equals("id") && fields.stream().noneMatch(f -> f.name().equals(placeholder))) {
                throw new IllegalArgumentException("partition template '" + template + "' of model "
                        + profile + "/" + name + " names ${" + placeholder + "}, which is not a field");
            }
        }
    }

    /** A builder for a model of {@code profile} named {@code name}; random source ids by default. */
    public static Builder builder(String profile, String name) {
        return new Builder(profile, name);
    }

    /** The field called {@code fieldName}, if the model has one. */
    public Optional<ModelField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Morango's self-referential foreign key: {@link #selfReferenceField()}, else the field that references this model itself, if any. */
    public Optional<ModelField> selfReference() {
        if (selfReferenceField != null) {
            return field(selfReferenceField);
        }
        return fields.stream().filter(f -> name.equals(f.references())).findFirst();
    }

    /** The names inside {@code ${...}} placeholders of a template, in order. */
    public static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** Builds a {@link SyncableModel} step by step. Not thread-safe. */
    public static final class Builder {
        private final String profile;
        private final String name;
        private final List<ModelField> fields = new ArrayList<>();
        private String partitionTemplate = "";
        private SourceIdRule sourceId = SourceIdRule.random();
        private boolean idIsSourceId;
        private final List<String> dependencies = new ArrayList<>();
        private int morangoColumnsAt;
        private String selfReferenceField;
        private NullPartition nullPartition;
        private final List<String> indexedFields = new ArrayList<>();

        private Builder(String profile, String name) {
            this.profile = profile;
            this.name = name;
        }

        public Builder field(ModelField field) {
            fields.add(field);
            return this;
        }

        public Builder field(String fieldName, FieldType type) {
            return field(ModelField.of(fieldName, type));
        }

        public Builder partition(String template) {
            this.partitionTemplate = template;
            return this;
        }

        public Builder sourceId(SourceIdRule rule) {
            this.sourceId = rule;
            return this;
        }

        /** The record's id is its source id (see {@link SyncableModel#idIsSourceId()}). */
        public Builder idIsSourceId() {
            this.idIsSourceId = true;
            return this;
        }

        /** Morango's columns are serialized after the fields added so far (see {@link SyncableModel#morangoColumnsAt()}). @since 1.1 */
        /** Records are looked up by these fields (see {@link SyncableModel#indexedFields()}). */
        public Builder indexed(String... fieldNames) {
            indexedFields.addAll(List.of(fieldNames));
            return this;
        }

        public Builder morangoColumnsHere() {
            this.morangoColumnsAt = fields.size();
            return this;
        }

        /** The foreign key Morango treats as self-referential (see {@link SyncableModel#selfReferenceField()}). @since 1.1 */
        public Builder selfReference(String fieldName) {
            this.selfReferenceField = fieldName;
            return this;
        }

        /** The partition of records whose {@code field} is null (see {@link SyncableModel#nullPartition()}). @since 1.1 */
        public Builder partitionWhenNull(String field, String template) {
            this.nullPartition = new NullPartition(field, template);
            return this;
        }

        public Builder dependsOn(String... models) {
            dependencies.addAll(List.of(models));
            return this;
        }

        public SyncableModel build() {
            return new SyncableModel(profile, name, fields, partitionTemplate, sourceId, idIsSourceId, dependencies,
                    morangoColumnsAt, selfReferenceField, nullPartition, indexedFields);
        }
    }
}
