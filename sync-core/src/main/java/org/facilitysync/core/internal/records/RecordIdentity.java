package org.facilitysync.core.internal.records;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.identity.ModelIdentity;
import org.facilitysync.core.internal.identity.ModelIdentityRule;
import org.facilitysync.core.internal.identity.NamespacedIdRule;
import org.facilitysync.core.internal.identity.SourceIdRule;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.serialization.DjangoDateTime;
import org.facilitysync.core.internal.identity.PythonFloat;

/**
 * A new record's id, source id and partition, as Morango's {@code SyncableModel.calculate_uuid}
 * computes them (through {@link ModelIdentityRule}):
 * <ol>
 * <li>source id: the explicit one if given, else the model's {@link
 * org.facilitysync.api.model.SourceIdRule}: random (32 hex), or the rule's field values joined with
 * {@code ":"} (an empty result is an error);</li>
 * <li>id: {@code sha2_uuid(partition template with the fields substituted and ${id} still literal,
 * source id, model name)}, or the source id itself when the model says {@code idIsSourceId};</li>
 * <li>partition: the same template with {@code ${id}} replaced by the id.</li>
 * </ol>
 * Field values enter templates as Python's {@code str()} would write them.
 */
final class RecordIdentity {

    private RecordIdentity() {
    }

    /**
     * @param values every field of the record, normalized
     * @param explicitSourceId the source id the application gave, or null
     * @throws IllegalArgumentException when the rules cannot give an identity (empty source id, a template
     *         field without a value, a source id that cannot be an id)
     */
    static ModelIdentity derive(RegisteredModel model, Map<String, Object> values, String explicitSourceId) {
        SyncableModel declaration = model.model();
        String sourceId = explicitSourceId;
        if (sourceId == null && !declaration.sourceId().isRandom()) {
            boolean anyValue = declaration.sourceId().fields().stream()
                    .map(values::get).anyMatch(value -> value != null && !text(value).isEmpty());
            if (!anyValue) {
                throw new IllegalArgumentException("model " + model.qualifiedName() + ": the source id from fields "
                        + declaration.sourceId().fields() + " is empty; give them values (or give "
                        + "_morango_source_id explicitly)");
            }
            sourceId = declaration.sourceId().join(field -> {
                Object value = values.get(field);
                return value == null ? "" : text(value);
            });
        }
        if (sourceId != null && sourceId.length() > RecordValues.MAX_SOURCE_ID) {
            throw new IllegalArgumentException("model " + model.qualifiedName() + ": the source id '" + sourceId
                    + "' is longer than " + RecordValues.MAX_SOURCE_ID + " characters");
        }
        if (declaration.idIsSourceId() && sourceId != null && !RecordValues.ID.matcher(sourceId).matches()) {
            throw new IllegalArgumentException("model " + model.qualifiedName() + " uses the source id as record id, "
                    + "so it must be 32 lowercase hex digits, got '" + sourceId + "'");
        }
        Map<String, String> templateValues = new HashMap<>();
        for (ModelField field : model.fields()) {
            Object value = values.get(field.name());
            if (value != null) {
                templateValues.put(field.name(), text(value));
            }
        }
        ModelIdentityRule rule = new ModelIdentityRule(model.name(), declaration.partitionTemplate(values::get),
                new SourceIdRule.Random(), NamespacedIdRule.of(declaration));
        try {
            return rule.derive(templateValues, sourceId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + model.qualifiedName() + ": cannot compute the partition: "
                    + e.getMessage(), e);
        }
    }

    /** A value as Python's {@code str()} writes it. */
    static String text(Object value) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return PythonFloat.repr(d);
        }
        if (value instanceof Instant instant) {
            return DjangoDateTime.pythonStr(instant);
        }
        return value.toString();
    }
}
