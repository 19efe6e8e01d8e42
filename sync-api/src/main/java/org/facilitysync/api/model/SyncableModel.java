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
 * @param fields the model's own fields, in serialization order (Morango's columns come first)
 * @param partitionTemplate the partition, with {@code ${field}} and {@code ${id}} placeholders
 * @param sourceId how a new record's source id is found
 * @param idIsSourceId whether the record's id is its source id (Kolibri's facility dataset, whose id
 *        is its root certificate's id) instead of the namespaced hash
 * @param dependencies models this one must be serialized and deserialized after, besides those its
 *        foreign keys reference
 * @param indexedFields fields whose values records are looked up by ({@link SyncRecords#findBy}), each
 *        indexed in the model's table so the lookup does not grow with it (a login's username, say);
 *        foreign keys are indexed anyway
 */
public record SyncableModel(String profile, String name, List<ModelField> fields, String partitionTemplate,
        SourceIdRule sourceId, boolean idIsSourceId, List<String> dependencies, List<String> indexedFields) {

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
        long selfReferences = fields.stream().filter(f -> name.equals(f.references())).count();
        if (selfReferences > 1) {
            throw new IllegalArgumentException("model " + profile + "/" + name
                    + " references itself through " + selfReferences + " fields; Morango allows at most one");
        }
        for (String placeholder : placeholders(partitionTemplate)) {
            if (!placeholder.equals("id") && fields.stream().noneMatch(f -> f.name().equals(placeholder))) {
                throw new IllegalArgumentException("partition template '" + partitionTemplate + "' of model "
                        + profile + "/" + name + " names ${" + placeholder + "}, which is not a field");
            }
        }
        for (String field : sourceId.fields()) {
            if (fields.stream().noneMatch(f -> f.name().equals(field))) {
                throw new IllegalArgumentException("source-id rule of model " + profile + "/" + name
                        + " names field '" + field + "', which does not exist");
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

    /** The foreign key that references this model itself, if any. */
    public Optional<ModelField> selfReference() {
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

    /** A model without indexed fields (the constructor of version 1.0). */
    public SyncableModel(String profile, String name, List<ModelField> fields, String partitionTemplate,
            SourceIdRule sourceId, boolean idIsSourceId, List<String> dependencies) {
        this(profile, name, fields, partitionTemplate, sourceId, idIsSourceId, dependencies, List.of());
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

        public Builder dependsOn(String... models) {
            dependencies.addAll(List.of(models));
            return this;
        }

        /** Records are looked up by these fields (see {@link SyncableModel#indexedFields()}). */
        public Builder indexed(String... fieldNames) {
            indexedFields.addAll(List.of(fieldNames));
            return this;
        }

        public SyncableModel build() {
            return new SyncableModel(profile, name, fields, partitionTemplate, sourceId, idIsSourceId, dependencies,
                    indexedFields);
        }
    }
}
