package org.facilitysync.core.internal.storage;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a unit of work runs: read-only or writing, at which isolation, and which partitions it locks.
 *
 * <p>Partition locks follow Morango's PostgreSQL backend (reference §4.9): a transaction declares the
 * filter partitions it works on, and the lock is taken per primary partition (the first 32 characters,
 * i.e. the dataset id) before the transaction begins. {@code ""} stands for every partition. Queuing
 * takes them {@link LockMode#SHARED}, serialization, dequeuing and deserialization
 * {@link LockMode#EXCLUSIVE}. On SQLite, where writes are serialized anyway, they cost nothing.
 *
 * @param readOnly  a read-only transaction: on SQLite it runs beside the writer instead of waiting for it
 * @param isolation {@link Isolation#REPEATABLE_READ} is Morango's "isolated" transaction
 * @param lockMode  how the partitions are locked; ignored when there are none
 * @param partitions the filter partitions to lock, sorted; empty for none
 */
public record TransactionOptions(boolean readOnly, Isolation isolation, LockMode lockMode, Set<String> partitions) {

    /** Isolation levels the engine asks for. SQLite transactions are always serializable. */
    public enum Isolation {
        /** Every statement sees what was committed before it started (PostgreSQL's default). */
        READ_COMMITTED,
        /** The whole transaction sees one snapshot; concurrent updates of the same rows fail and are retried. */
        REPEATABLE_READ
    }

    /** How partitions are locked. */
    public enum LockMode {
        /** Several holders at once, none exclusive (Morango: queuing). */
        SHARED,
        /** One holder at a time (Morango: serialize, dequeue, deserialize). */
        EXCLUSIVE
    }

    /** A writing transaction at READ COMMITTED without partition locks: what {@link Database#inTransaction(Work)} uses. */
    public static final TransactionOptions WRITE =
            new TransactionOptions(false, Isolation.READ_COMMITTED, LockMode.SHARED, Set.of());

    /** A read-only transaction with one snapshot: what {@link Database#read(Work)} uses. */
    public static final TransactionOptions READ =
            new TransactionOptions(true, Isolation.REPEATABLE_READ, LockMode.SHARED, Set.of());

    public TransactionOptions {
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(lockMode, "lockMode");
        partitions = Set.copyOf(new TreeSet<>(Objects.requireNonNull(partitions, "partitions")));
    }

    /** These options at {@link Isolation#REPEATABLE_READ}. */
    public TransactionOptions isolated() {
        return new TransactionOptions(readOnly, Isolation.REPEATABLE_READ, lockMode, partitions);
    }

    /** These options, locking {@code filterPartitions} in {@code mode} for the whole transaction. */
    public TransactionOptions lockingPartitions(LockMode mode, Collection<String> filterPartitions) {
        return new TransactionOptions(readOnly, isolation, mode, new TreeSet<>(filterPartitions));
    }

    /**
     * Whether a transaction opened with these options already grants what {@code inner} asks for, so
     * that {@code inner} may join it instead of opening its own.
     */
    boolean covers(TransactionOptions inner) {
        if (readOnly && !inner.readOnly) {
            return false;
        }
        // A read joining a writer sees the writer's own changes, which is what its caller wants; a
        // writer that asked for one snapshot must not silently get statement-level snapshots.
        if (!inner.readOnly && inner.isolation == Isolation.REPEATABLE_READ && isolation != Isolation.REPEATABLE_READ) {
            return false;
        }
        if (inner.partitions.isEmpty()) {
            return true;
        }
        if (lockMode.compareTo(inner.lockMode) < 0) {
            return false;
        }
        if (partitions.contains("")) {
            return true;
        }
        Set<String> held = new TreeSet<>();
        partitions.forEach(p -> held.add(primaryPartition(p)));
        return inner.partitions.stream().allMatch(p -> !p.isEmpty() && held.contains(primaryPartition(p)));
    }

    /** The part of a partition that locks are taken on: its first 32 characters (Morango: the dataset id). */
    static String primaryPartition(String partition) {
        return partition.length() <= 32 ? partition : partition.substring(0, 32);
    }
}
