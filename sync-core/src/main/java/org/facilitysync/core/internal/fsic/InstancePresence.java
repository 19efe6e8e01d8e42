package org.facilitysync.core.internal.fsic;

/**
 * Morango's FSIC "instance reduction": whether a DatabaseMaxCounter of (partition, instance) is
 * still worth sending. For the producer an instance matters under a partition when some Store row
 * under that partition was last saved by it; for the receiver when some RecordMaxCounter of a
 * Store row under that partition names it. Dropping the others keeps FSICs small after many
 * devices came and went; Morango skips the reduction when {@code MORANGO_DISABLE_FSIC_REDUCTION}
 * is set ({@link #ALL}).
 *
 * <p>"Under" is a prefix test on the Store row's partition. The database implementation answers
 * with an EXISTS query; {@link InMemoryInstancePresence} answers from rows.
 */
@FunctionalInterface
public interface InstancePresence {

    /** No reduction: every DatabaseMaxCounter counts. */
    InstancePresence ALL = (partition, instanceId) -> true;

    /** Whether {@code instanceId} still appears under {@code partition}. */
    boolean isPresent(String partition, String instanceId);
}
