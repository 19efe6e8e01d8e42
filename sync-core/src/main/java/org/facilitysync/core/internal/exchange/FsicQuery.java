package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.core.internal.fsic.DatabaseMaxCounterRow;
import org.facilitysync.core.internal.fsic.FsicCalculator;
import org.facilitysync.core.internal.fsic.FsicJson;
import org.facilitysync.core.internal.fsic.FsicSide;
import org.facilitysync.core.internal.fsic.FsicV1;
import org.facilitysync.core.internal.fsic.FsicV2;
import org.facilitysync.core.internal.fsic.InstancePresence;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * A node's own FSIC for a filter, from its database (Morango's
 * {@code DatabaseMaxCounter.calculate_filter_specific_instance_counters}): the DatabaseMaxCounter rows
 * that relate to the filter, read in insertion order so that the v2 text is Morango's byte for byte, then
 * the pure calculation of {@link FsicCalculator} with the instance reduction asked of the database.
 *
 * <p>Each call reads one snapshot. Like Morango, the DMC and Store are not restricted to a profile.
 */
public final class FsicQuery {

    private final Database database;

    public FsicQuery(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The v2 FSIC of {@code side} for {@code filter}, with instance reduction (Morango's default). */
    public FsicV2 v2(SyncFilter filter, FsicSide side) {
        return database.read(tx -> v2(tx, filter, side, true));
    }

    /** The v2 FSIC without instance reduction (Morango's {@code MORANGO_DISABLE_FSIC_REDUCTION}). */
    public FsicV2 v2WithoutInstanceReduction(SyncFilter filter, FsicSide side) {
        return database.read(tx -> v2(tx, filter, side, false));
    }

    /** The legacy v1 FSIC of {@code side} for {@code filter}. */
    public FsicV1 v1(SyncFilter filter, FsicSide side) {
        return database.read(tx -> FsicCalculator.calculateV1(databaseMaxCounters(tx, filter), filter, side));
    }

    /** The wire text ({@code client_fsic} / {@code server_fsic}) in {@code format}. */
    public String wireText(SyncFilter filter, FsicSide side, FsicFormat format) {
        return format == FsicFormat.V2 ? FsicJson.write(v2(filter, side)) : FsicJson.write(v1(filter, side));
    }

    static FsicV2 v2(Transaction tx, SyncFilter filter, FsicSide side, boolean instanceReduction) throws SQLException {
        InstancePresence presence = instanceReduction ? new DatabaseInstancePresence(tx, side) : InstancePresence.ALL;
        return FsicCalculator.calculateV2(databaseMaxCounters(tx, filter), filter, presence);
    }

    /**
     * The DatabaseMaxCounter rows whose partition starts with a filter partition or is a prefix of one,
     * in insertion order (the key order).
     */
    static List<DatabaseMaxCounterRow> databaseMaxCounters(Transaction tx, SyncFilter filter) throws SQLException {
        Dialect dialect = tx.dialect();
        StringJoiner related = new StringJoiner(" OR ");
        for (int i = 0; i < filter.partitions().size(); i++) {
            related.add(dialect.startsWith("partition")).add(dialect.isPrefixOf("partition"));
        }
        List<DatabaseMaxCounterRow> rows = new ArrayList<>();
        try (PreparedStatement query = tx.prepare("SELECT partition, instance_id, counter FROM morango_databasemaxcounter"
                + " WHERE " + related + " ORDER BY id")) {
            int p = 1;
            for (String partition : filter.partitions()) {
                query.setString(p++, Dialect.likePrefixPattern(partition));
                query.setString(p++, partition);
            }
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new DatabaseMaxCounterRow(result.getString(1), result.getString(2), result.getLong(3)));
                }
            }
        }
        return rows;
    }
}
