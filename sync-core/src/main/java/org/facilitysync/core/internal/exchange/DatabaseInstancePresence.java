package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.facilitysync.core.internal.fsic.FsicSide;
import org.facilitysync.core.internal.fsic.InstancePresence;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.StorageException;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * Morango's FSIC instance reduction answered by the database, one EXISTS query per (partition,
 * instance) of the DatabaseMaxCounter table: the producer keeps an instance when a Store record under
 * the partition was last saved by it, the receiver when a record max counter of such a record names it.
 * Both queries start from the instance (indexes {@code fs_store_last_saved},
 * {@code fs_recordmaxcounter_instance}), so a stale instance costs a lookup, not a partition scan.
 *
 * <p>Valid only inside the transaction it was made for.
 */
final class DatabaseInstancePresence implements InstancePresence {

    private final Transaction tx;
    private final String sql;

    DatabaseInstancePresence(Transaction tx, FsicSide side) {
        this.tx = tx;
        Dialect dialect = tx.dialect();
        this.sql = side == FsicSide.PRODUCER
                ? "SELECT 1 FROM morango_store s WHERE s.last_saved_instance = ? AND " + dialect.startsWith("s.partition")
                        + " LIMIT 1"
                : "SELECT 1 FROM morango_recordmaxcounter r JOIN morango_store s ON s.id = r.store_model_id"
                        + " WHERE r.instance_id = ? AND " + dialect.startsWith("s.partition") + " LIMIT 1";
    }

    @Override
    public boolean isPresent(String partition, String instanceId) {
        try (PreparedStatement query = tx.prepare(sql)) {
            query.setString(1, instanceId);
            query.setString(2, Dialect.likePrefixPattern(partition));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot tell whether instance " + instanceId + " has records under partition '"
                    + partition + "': " + e.getMessage(), e);
        }
    }
}
