package org.facilitysync.core.internal.exchange;

import org.facilitysync.core.internal.identity.NamespacedIdRule;

/**
 * How a receiver recomputes an incoming record's model uuid: the {@link NamespacedIdRule} of each
 * model (Morango's {@code compute_namespaced_id}), which the model registry knows. Morango uses the
 * default rule for model names it does not know, and so does {@link #DEFAULT}.
 */
@FunctionalInterface
public interface ModelIdRules {

    /** Morango's default rule for every model: {@code sha2_uuid(partition, source_id, model_name)}. */
    ModelIdRules DEFAULT = (profile, modelName) -> NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL;

    /** The rule of {@code modelName} in {@code profile}; the default rule when the model is unknown. */
    NamespacedIdRule ruleFor(String profile, String modelName);
}
