package org.facilitysync.core.internal.certificate;

import org.facilitysync.api.model.ScopeDefinition;
import java.util.Optional;

/** The scope definitions a node knows (they are installed, never transferred). */
@FunctionalInterface
public interface ScopeDefinitions {

    /** The definition with this id, if the node has it. */
    Optional<ScopeDefinition> find(String scopeDefinitionId);
}
