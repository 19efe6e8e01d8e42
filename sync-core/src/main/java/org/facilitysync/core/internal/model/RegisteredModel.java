package org.facilitysync.core.internal.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;

/**
 * A model the registry accepted: its declaration, the service that declared it and its application
 * table. Immutable.
 */
public final class RegisteredModel {

    /** Morango's own columns of every application table, in table order. */
    public static final List<String> MORANGO_COLUMNS =
            List.of("id", "_morango_source_id", "_morango_partition", "_morango_dirty_bit");

    private final SyncableModel model;
    private final String declaredBy;
    private final String table;
    private final Map<String, ModelField> fieldsByName;
    private final List<ModelField> references;
    private final String fieldColumns;

    public RegisteredModel(SyncableModel model, String declaredBy) {
        this.model = Objects.requireNonNull(model, "model");
        this.declaredBy = Objects.requireNonNull(declaredBy, "declaredBy");
        this.table = SqlNames.table(model.profile(), model.name());
        Map<String, ModelField> byName = new LinkedHashMap<>();
        List<ModelField> refs = new ArrayList<>();
        StringJoiner columns = new StringJoiner(", ");
        for (ModelField field : model.fields()) {
            byName.put(field.name(), field);
            if (field.isReference()) {
                refs.add(field);
            }
            columns.add(SqlNames.column(field.name()));
        }
        this.fieldsByName = Collections.unmodifiableMap(byName);
        this.references = List.copyOf(refs);
        this.fieldColumns = columns.toString();
    }

    public SyncableModel model() {
        return model;
    }

    public String profile() {
        return model.profile();
    }

    public String name() {
        return model.name();
    }

    /** The service that declared the model, for messages. */
    public String declaredBy() {
        return declaredBy;
    }

    /** The application table's name (a plain identifier, no quoting needed). */
    public String table() {
        return table;
    }

    /** The fields in declaration (= serialization) order. */
    public List<ModelField> fields() {
        return model.fields();
    }

    public Optional<ModelField> field(String name) {
        return Optional.ofNullable(fieldsByName.get(name));
    }

    /** The foreign keys, in field order. */
    public List<ModelField> references() {
        return references;
    }

    /** The foreign key to this model itself, if any (Morango's {@code _self_ref_fk}). */
    public Optional<ModelField> selfReference() {
        return model.selfReference();
    }

    /** The quoted field columns joined with {@code ", "} (empty when the model has no fields). */
    public String fieldColumns() {
        return fieldColumns;
    }

    /** {@code id, _morango_source_id, _morango_partition} and the field columns, for SELECTs. */
    public String selectColumns() {
        return fieldColumns.isEmpty() ? "id, _morango_source_id, _morango_partition"
                : "id, _morango_source_id, _morango_partition, " + fieldColumns;
    }

    /** Every column of the table in table order, field columns quoted, for INSERTs. */
    public List<String> allColumns() {
        List<String> columns = new ArrayList<>(MORANGO_COLUMNS);
        model.fields().forEach(f -> columns.add(SqlNames.column(f.name())));
        return columns;
    }

    /** {@code profile/name}, the way messages name a model. */
    public String qualifiedName() {
        return model.profile() + "/" + model.name();
    }

    @Override
    public String toString() {
        return "model " + qualifiedName() + " (table " + table + ", declared by " + declaredBy + ")";
    }
}
