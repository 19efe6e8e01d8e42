package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.fsic.DatabaseMaxCounterRow;
import org.facilitysync.core.internal.fsic.DatabaseMaxCounterUpdate;
import org.facilitysync.core.internal.fsic.FsicJson;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The receiver's DatabaseMaxCounter update after dequeuing (Morango's {@code update_fsics}): the
 * sender's counters are written where they raise ours ({@link DatabaseMaxCounterUpdate}), and the write
 * itself keeps the greater value, so a counter is never lowered. Morango 0.8.2 may lower one (its v2
 * check compares against a constant key); a lowered counter only makes a later sync re-send records.
 */
final class DatabaseMaxCounters {

    private DatabaseMaxCounters() {
    }

    /**
     * Raises our counters from the sender's FSIC text (its {@code sub} in v2; for v1 every filter
     * partition of the instances it has newer changes of); returns how many rows were written.
     */
    static int raiseFromSender(Transaction tx, String senderFsic, SyncFilter filter, FsicFormat format)
            throws SQLException {
        List<DatabaseMaxCounterRow> current = all(tx);
        List<DatabaseMaxCounterRow> raises = format == FsicFormat.V2
                ? DatabaseMaxCounterUpdate.upsertsV2(current, FsicJson.parseV2(senderFsic))
                : DatabaseMaxCounterUpdate.upsertsV1(current, FsicJson.parseV1(senderFsic), filter);
        if (raises.isEmpty()) {
            return 0;
        }
        String table = "morango_databasemaxcounter";
        try (PreparedStatement upsert = tx.prepare("INSERT INTO " + table + " (instance_id, partition, counter)"
                + " VALUES (?, ?, ?) ON CONFLICT (instance_id, partition) DO UPDATE SET counter = "
                + tx.dialect().greatest(table + ".counter", "excluded.counter"))) {
            for (DatabaseMaxCounterRow row : raises) {
                upsert.setString(1, row.instanceId());
                upsert.setString(2, row.partition());
                upsert.setLong(3, row.counter());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        return raises.size();
    }

    private static List<DatabaseMaxCounterRow> all(Transaction tx) throws SQLException {
        List<DatabaseMaxCounterRow> rows = new ArrayList<>();
        try (PreparedStatement query = tx.prepare(
                "SELECT partition, instance_id, counter FROM morango_databasemaxcounter ORDER BY id");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                rows.add(new DatabaseMaxCounterRow(result.getString(1), result.getString(2), result.getLong(3)));
            }
        }
        return rows;
    }
}
