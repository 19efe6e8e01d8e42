package org.facilitysync.api.execution;

import java.util.Set;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;

/**
 * One operation or hook of the pipeline, as operators see it (for example in {@code sync:pipeline}).
 *
 * @param serviceId the service's {@code service.id}
 * @param priority the effective {@link SyncOperation#PRIORITY} of an operation; a hook's
 *        {@code service.ranking} (an Integer, else 0)
 * @param bundleSymbolicName the symbolic name of the bundle that registered the service
 * @param bundleVersion that bundle's version
 * @param className the implementation class of the service object
 * @param stages the stages an operation takes part in; empty for hooks
 */
public record PipelineEntry(long serviceId, int priority, String bundleSymbolicName, String bundleVersion,
        String className, Set<SyncStage> stages) {

    public PipelineEntry {
        stages = Set.copyOf(stages);
    }
}
