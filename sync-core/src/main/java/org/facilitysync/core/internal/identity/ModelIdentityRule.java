package org.facilitysync.core.internal.identity;

import org.facilitysync.api.model.MorangoIds;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One syncable model's identity rules as data, in place of the Python methods {@code
 * calculate_partition}, {@code calculate_source_id} and {@code compute_namespaced_id}.
 *
 * <p>{@link #derive} follows Morango's {@code SyncableModel.calculate_uuid}: the source id is the
 * preset one or computed once (random when the rule says so; an empty computed source id is an
 * error); the uuid is computed over the partition template with {@code ${id}} still literal; the
 * stored partition is the template with {@code ${id}} replaced by the uuid.
 *
 * @param modelName Morango's {@code morango_model_name}
 * @param partitionTemplate the partition, with {@code ${field}} for record fields and {@code ${id}}
 *     for the record's own uuid
 * @param sourceIdRule how to compute a missing source id
 * @param namespacedIdRule how the uuid follows from partition, source id and model name
 */
public record ModelIdentityRule(String modelName, String partitionTemplate, SourceIdRule sourceIdRule,
                                NamespacedIdRule namespacedIdRule) {

    public ModelIdentityRule {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(partitionTemplate, "partitionTemplate");
        Objects.requireNonNull(sourceIdRule, "sourceIdRule");
        Objects.requireNonNull(namespacedIdRule, "namespacedIdRule");
    }

    /**
     * The identity of a new record.
     *
     * @param fields the record's field values the templates refer to
     * @param presetSourceId the record's {@code _morango_source_id} if already set, else null or ""
     */
    public ModelIdentity derive(Map<String, String> fields, String presetSourceId) {
        Objects.requireNonNull(fields, "fields");
        String sourceId = presetSourceId;
        if (sourceId == null || sourceId.isEmpty()) {
            sourceId = sourceIdRule.sourceId(fields);
            if (sourceId == null) {
                sourceId = UUID.randomUUID().toString().replace("-", "");
            } else if (sourceId.isEmpty()) {
                // Morango raises InvalidMorangoSourceId: an empty source id would make unrelated records collide
                throw new IllegalArgumentException("model '" + modelName + "' computed an empty source id");
            }
        }
        String template = FieldTemplate.substitute(partitionTemplate, fields);
        String uuid = namespacedIdRule.namespacedId(template, sourceId, modelName);
        return new ModelIdentity(uuid, sourceId, MorangoIds.partition(template, uuid));
    }
}
