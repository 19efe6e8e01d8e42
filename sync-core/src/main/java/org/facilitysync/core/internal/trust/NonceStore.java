package org.facilitysync.core.internal.trust;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.facilitysync.core.internal.storage.Database;

/**
 * Handshake nonces in Morango's {@code morango_nonce} ({@code Nonce.use_nonce}): issued on request,
 * usable once, within 60 seconds. Using one deletes it, so a replayed handshake finds nothing; an
 * expired one is deleted too. Expired nonces nobody used are swept when new ones are issued, so the
 * table cannot grow without bound.
 */
public final class NonceStore {

    /** How long a nonce stays usable (Morango: strictly between 0 and 60 seconds old). */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private final Database database;
    private final Clock clock;

    public NonceStore(Database database) {
        this(database, Clock.systemUTC());
    }

    /** With a clock of the test's choosing. */
    public NonceStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new nonce for a client at {@code ip} (null or blank: unknown). */
    public Nonce issue(String ip) {
        // Microseconds, as Django stores and serializes them.
        Nonce nonce = new Nonce(UUID.randomUUID().toString().replace("-", ""),
                clock.instant().truncatedTo(ChronoUnit.MICROS), ip == null ? "" : ip.strip());
        database.inTransaction(tx -> {
            try (PreparedStatement sweep = tx.prepare("DELETE FROM morango_nonce WHERE timestamp < ?")) {
                tx.dialect().setInstant(sweep, 1, nonce.timestamp().minus(LIFETIME.multipliedBy(10)));
                sweep.executeUpdate();
            }
            try (PreparedStatement insert = tx.prepare("INSERT INTO morango_nonce (id, timestamp, ip) VALUES (?, ?, ?)")) {
                insert.setString(1, nonce.id());
                tx.dialect().setInstant(insert, 2, nonce.timestamp());
                insert.setString(3, nonce.ip());
                insert.executeUpdate();
            }
            return null;
        });
        return nonce;
    }

    /**
     * Uses a nonce: it must exist, not be used, and be less than {@link #LIFETIME} old. It is gone
     * afterwards, whether it was valid or expired.
     *
     * @throws NonceRejectedException naming the nonce and why
     */
    public Nonce use(String id) {
        if (id == null || id.isBlank()) {
            throw new NonceRejectedException(NonceRejectedException.Reason.UNKNOWN_OR_USED, "no nonce given");
        }
        Instant now = clock.instant();
        Optional<Nonce> found = database.inTransaction(tx -> {
            Nonce nonce = null;
            try (PreparedStatement query = tx.prepare("SELECT id, timestamp, ip FROM morango_nonce WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        nonce = new Nonce(rows.getString("id"), tx.dialect().getInstant(rows, "timestamp"),
                                rows.getString("ip"));
                    }
                }
            }
            // Deleted in the same transaction that read it: two concurrent uses cannot both succeed.
            if (nonce != null && tx.update("DELETE FROM morango_nonce WHERE id = ?", id) == 0) {
                nonce = null;
            }
            return Optional.ofNullable(nonce);
        });
        Nonce nonce = found.orElseThrow(() -> new NonceRejectedException(NonceRejectedException.Reason.UNKNOWN_OR_USED,
                "nonce " + id + " is unknown or was used already"));
        Duration age = Duration.between(nonce.timestamp(), now);
        if (age.isNegative() || age.compareTo(LIFETIME) >= 0) {
            throw new NonceRejectedException(NonceRejectedException.Reason.EXPIRED, "nonce " + id + " expired: issued at "
                    + nonce.timestamp() + ", " + age.toSeconds() + " s ago; a nonce is valid for " + LIFETIME.toSeconds() + " s");
        }
        return nonce;
    }
}
