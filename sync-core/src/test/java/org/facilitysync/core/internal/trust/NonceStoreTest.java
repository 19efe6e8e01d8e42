package org.facilitysync.core.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Handshake nonces: single use, 60 seconds, on both databases. */
class NonceStoreTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T18:05:35.854704Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aNonceIsUsableOnceWithinSixtySeconds(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        MovableClock clock = new MovableClock();
        NonceStore nonces = new NonceStore(database, clock);

        Nonce nonce = nonces.issue("127.0.0.1");
        assertEquals(32, nonce.id().length());
        assertEquals("127.0.0.1", nonce.ip());
        clock.advance(Duration.ofSeconds(59));
        Nonce used = nonces.use(nonce.id());
        assertEquals(nonce, used, "the stored timestamp keeps its microseconds");

        NonceRejectedException replay = assertThrows(NonceRejectedException.class, () -> nonces.use(nonce.id()));
        assertEquals(NonceRejectedException.Reason.UNKNOWN_OR_USED, replay.reason());
        assertTrue(replay.getMessage().contains(nonce.id()));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anExpiredOrUnknownNonceIsRefused(DatabaseKind kind) {
        MovableClock clock = new MovableClock();
        NonceStore nonces = new NonceStore(databases.migrated(kind), clock);
        Nonce nonce = nonces.issue(null);
        clock.advance(Duration.ofSeconds(60));

        NonceRejectedException expired = assertThrows(NonceRejectedException.class, () -> nonces.use(nonce.id()));
        assertEquals(NonceRejectedException.Reason.EXPIRED, expired.reason());
        assertEquals(NonceRejectedException.Reason.UNKNOWN_OR_USED,
                assertThrows(NonceRejectedException.class, () -> nonces.use(nonce.id())).reason(), "an expired nonce is gone");
        assertEquals(NonceRejectedException.Reason.UNKNOWN_OR_USED,
                assertThrows(NonceRejectedException.class, () -> nonces.use("ffffffffffffffffffffffffffffffff")).reason());
        assertThrows(NonceRejectedException.class, () -> nonces.use(""));
    }
}
