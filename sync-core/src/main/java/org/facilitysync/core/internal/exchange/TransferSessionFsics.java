package org.facilitysync.core.internal.exchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.facilitysync.core.internal.storage.Database;

/**
 * The two FSIC texts a transfer session keeps ({@code client_fsic}, {@code server_fsic}): written during
 * serializing (each side its own, the server also the client's from the request), read by queuing (both)
 * and dequeuing (the sender's). Stored verbatim: the text is what the peer sent or will be sent.
 */
public final class TransferSessionFsics {

    /** Both texts of one transfer session; {@code "{}"} until written. */
    public record Fsics(String clientFsic, String serverFsic) {

        /** The FSIC of the side that sends records: the client's in a push, the server's in a pull. */
        public String senderFsic(boolean push) {
            return push ? clientFsic : serverFsic;
        }
    }

    private final Database database;

    public TransferSessionFsics(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public void setClientFsic(String transferSessionId, String fsicText) {
        set(transferSessionId, "client_fsic", fsicText);
    }

    public void setServerFsic(String transferSessionId, String fsicText) {
        set(transferSessionId, "server_fsic", fsicText);
    }

    /** @throws NoSuchElementException when the transfer session is not stored */
    public Fsics fsics(String transferSessionId) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare(
                    "SELECT client_fsic, server_fsic FROM morango_transfersession WHERE id = ?")) {
                query.setString(1, transferSessionId);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        throw new NoSuchElementException("no transfer session " + transferSessionId);
                    }
                    return new Fsics(rows.getString(1), rows.getString(2));
                }
            }
        });
    }

    private void set(String transferSessionId, String column, String fsicText) {
        Objects.requireNonNull(fsicText, column);
        database.inTransaction(tx -> {
            try (PreparedStatement update = tx.prepare("UPDATE morango_transfersession SET " + column + " = ?,"
                    + " last_activity_timestamp = ? WHERE id = ?")) {
                update.setString(1, fsicText);
                tx.dialect().setInstant(update, 2, Instant.now());
                update.setString(3, transferSessionId);
                if (update.executeUpdate() == 0) {
                    throw new NoSuchElementException("no transfer session " + transferSessionId);
                }
            }
            return null;
        });
    }
}
