package org.facilitysync.core.internal.fsic;

/**
 * A peer's FSIC names a {@code sub} partition outside the transfer filter (Morango's {@code
 * MorangoInvalidFSICPartition}); using it could queue records the peer may not have.
 */
public class InvalidFsicPartitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String partition;

    public InvalidFsicPartitionException(String partition, String filter) {
        super("Partition '" + partition + "' is not in filter '" + filter.replace("\n", " ") + "'");
        this.partition = partition;
    }

    /** The offending partition. */
    public String partition() {
        return partition;
    }
}
