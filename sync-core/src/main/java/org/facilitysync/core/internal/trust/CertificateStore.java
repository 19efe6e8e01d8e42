package org.facilitysync.core.internal.trust;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChain;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateChecks;
import org.facilitysync.core.internal.certificate.CertificateSerialization;
import org.facilitysync.core.internal.certificate.CertificateVerificationException;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.certificate.ScopeDefinitions;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The certificates this node trusts, in Morango's {@code morango_certificate}: its own (with the
 * private key, traditional OpenSSL PEM as Morango stores it) and peers' certificates it verified
 * (without). A certificate is rebuilt from its stored {@code serialized} text and signature, which
 * are kept byte for byte: they are what peers verify.
 *
 * <p>The tree is navigated through {@code parent_id} with recursive queries (Morango uses
 * django-mptt columns for the same questions).
 */
public final class CertificateStore {

    private static final String COLUMNS = "id, parent_id, profile, scope_definition_id, scope_version, scope_params,"
            + " public_key, salt, serialized, signature, private_key";

    private final Database database;
    private final ScopeDefinitionStore scopeDefinitions;

    public CertificateStore(Database database) {
        this(database, new ScopeDefinitionStore(database));
    }

    public CertificateStore(Database database, ScopeDefinitionStore scopeDefinitions) {
        this.database = Objects.requireNonNull(database, "database");
        this.scopeDefinitions = Objects.requireNonNull(scopeDefinitions, "scopeDefinitions");
    }

    /** The scope definitions certificates are verified against. */
    public ScopeDefinitionStore scopeDefinitions() {
        return scopeDefinitions;
    }

    /**
     * Stores a certificate this node owns, with its private key: a new root, or a certificate a peer
     * signed for our key (CSR). It is checked as Morango's {@code check_certificate} does (id,
     * signature by its parent or itself, scope within the parent's), and the key must be the one the
     * certificate names. Storing an owned certificate that is stored already without its key (it
     * arrived in a chain first) adds the key.
     *
     * @throws CertificateVerificationException when the certificate fails a check
     * @throws IllegalArgumentException when the key does not match, the parent is not stored, or a
     *     different certificate with that id is stored
     */
    public StoredCertificate saveOwned(IssuedCertificate owned) {
        Objects.requireNonNull(owned, "owned");
        Certificate certificate = owned.certificate();
        if (!owned.key().publicKeyString().equals(certificate.publicKeyString())) {
            throw new IllegalArgumentException("certificate " + certificate.id()
                    + ": the private key given is not the key of this certificate");
        }
        String pem = owned.key().privateKeyPem().orElseThrow();
        return database.inTransaction(tx -> {
            Certificate parent = null;
            if (!certificate.isRoot()) {
                parent = find(tx, certificate.parentId()).map(StoredCertificate::certificate).orElseThrow(() ->
                        new IllegalArgumentException("certificate " + certificate.id() + ": its parent "
                                + certificate.parentId() + " is not stored on this node"));
            }
            ScopeDefinitions definitions = lookupIn(tx);
            CertificateChecks.check(certificate, parent, definitions);
            Optional<StoredCertificate> stored = find(tx, certificate.id());
            if (stored.isPresent()) {
                requireSame(stored.get().certificate(), certificate);
                tx.update("UPDATE morango_certificate SET private_key = ? WHERE id = ?", pem, certificate.id());
            } else {
                insert(tx, certificate, pem);
            }
            return new StoredCertificate(certificate, Optional.of(owned.key()));
        });
    }

    /**
     * Verifies a received chain (root first, {@code expectedLastId} last) and stores the certificates
     * not stored yet, without private keys: Morango's {@code save_certificate_chain}. The walk stops at
     * the first certificate already stored; otherwise it must reach a root. Nothing is stored when any
     * certificate fails.
     *
     * @return the chain's last certificate
     * @throws CertificateVerificationException naming the failing certificate and the rule it broke
     *     (among them: the chain does not reach a stored certificate or a root)
     * @throws IllegalArgumentException for an empty chain
     */
    public Certificate saveChain(List<CertificateChainEntry> chain, String expectedLastId) {
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
        return database.inTransaction(tx -> {
            CertificateChain.Verified verified = verify(tx, chain, expectedLastId);
            for (Certificate certificate : verified.newlyVerified()) {
                insert(tx, certificate, null);
            }
            return verified.last();
        });
    }

    /**
     * Verifies a received chain as {@link #saveChain} does, and stores nothing: a handshake verifies
     * the chain, then the nonce and the signature, and only then {@link #saveVerified stores} it, so a
     * refused handshake cannot grow the database.
     */
    public CertificateChain.Verified verifyChain(List<CertificateChainEntry> chain, String expectedLastId) {
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
        return database.read(tx -> verify(tx, chain, expectedLastId));
    }

    /** Stores what {@link #verifyChain} verified; a certificate stored meanwhile must be the same one. */
    public Certificate saveVerified(CertificateChain.Verified verified) {
        return database.inTransaction(tx -> {
            for (Certificate certificate : verified.newlyVerified()) {
                Optional<StoredCertificate> stored = find(tx, certificate.id());
                if (stored.isPresent()) {
                    requireSame(stored.get().certificate(), certificate);
                } else {
                    insert(tx, certificate, null);
                }
            }
            return verified.last();
        });
    }

    private CertificateChain.Verified verify(Transaction tx, List<CertificateChainEntry> chain, String expectedLastId) {
        return CertificateChain.verify(chain, expectedLastId, id -> {
            try {
                return find(tx, id).map(StoredCertificate::certificate);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read certificate " + id, e);
            }
        }, lookupIn(tx));
    }

    /** The stored certificate with this id. */
    public Optional<StoredCertificate> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return database.read(tx -> find(tx, id));
    }

    /**
     * That certificate and its descendants for which this node holds the private key (Morango's
     * {@code certificates/?primary_partition=}), nearest first; empty when the id is not stored.
     */
    public List<StoredCertificate> ownedUnder(String certificateId) {
        return database.read(tx -> query(tx, "WITH RECURSIVE tree (id, depth) AS ("
                + " SELECT id, 0 FROM morango_certificate WHERE id = ?"
                + " UNION ALL SELECT c.id, t.depth + 1 FROM morango_certificate c JOIN tree t ON c.parent_id = t.id)"
                + " SELECT " + prefixed("c") + " FROM morango_certificate c JOIN tree t ON c.id = t.id"
                + " WHERE c.private_key IS NOT NULL ORDER BY t.depth, c.id", certificateId));
    }

    /**
     * The chain of a stored certificate, root first and the certificate itself last (Morango's
     * {@code certificates/?ancestors_of=}); empty when the id is not stored.
     */
    public List<Certificate> ancestors(String id) {
        return database.read(tx -> query(tx, "WITH RECURSIVE up (id, parent_id, depth) AS ("
                + " SELECT id, parent_id, 0 FROM morango_certificate WHERE id = ?"
                + " UNION ALL SELECT c.id, c.parent_id, u.depth + 1 FROM morango_certificate c JOIN up u ON c.id = u.parent_id)"
                + " SELECT " + prefixed("c") + " FROM morango_certificate c JOIN up u ON c.id = u.id"
                + " ORDER BY u.depth DESC", id)).stream().map(StoredCertificate::certificate).toList();
    }

    /** Every stored certificate, by id. */
    public List<StoredCertificate> all() {
        return database.read(tx -> query(tx, "SELECT " + COLUMNS + " FROM morango_certificate ORDER BY id"));
    }

    /** Every certificate this node owns (holds the private key of), by id. */
    public List<StoredCertificate> owned() {
        return database.read(tx -> query(tx, "SELECT " + COLUMNS + " FROM morango_certificate"
                + " WHERE private_key IS NOT NULL ORDER BY id"));
    }

    private ScopeDefinitions lookupIn(Transaction tx) {
        return id -> {
            try {
                return scopeDefinitions.find(tx, id);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read scope definition " + id, e);
            }
        };
    }

    private void insert(Transaction tx, Certificate c, String privateKeyPem) throws SQLException {
        try {
            scopeDefinitions.ensureStored(tx, c.scopeDefinitionId());
        } catch (IllegalArgumentException e) {
            throw new CertificateVerificationException(c.id(), CertificateVerificationException.Rule.SCOPE_DEFINITION_UNKNOWN,
                    e.getMessage());
        }
        try (PreparedStatement insert = tx.prepare("INSERT INTO morango_certificate (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, c.id());
            insert.setString(2, c.isRoot() ? null : c.parentId());
            insert.setString(3, c.profile());
            insert.setString(4, c.scopeDefinitionId());
            insert.setInt(5, c.scopeVersion());
            insert.setString(6, c.scopeParams());
            insert.setString(7, c.publicKeyString());
            insert.setString(8, c.salt());
            insert.setString(9, c.serialized());
            insert.setString(10, c.signature());
            insert.setString(11, privateKeyPem);
            insert.executeUpdate();
        }
    }

    private static void requireSame(Certificate stored, Certificate given) {
        if (!stored.serialized().equals(given.serialized()) || !stored.signature().equals(given.signature())) {
            throw new IllegalArgumentException("certificate " + given.id()
                    + " is stored already with a different signed text or signature");
        }
    }

    private static Optional<StoredCertificate> find(Transaction tx, String id) throws SQLException {
        List<StoredCertificate> found = query(tx, "SELECT " + COLUMNS + " FROM morango_certificate WHERE id = ?", id);
        return found.stream().findFirst();
    }

    private static List<StoredCertificate> query(Transaction tx, String sql, Object... parameters) throws SQLException {
        List<StoredCertificate> result = new ArrayList<>();
        try (PreparedStatement query = tx.prepare(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    result.add(read(rows));
                }
            }
        }
        return result;
    }

    private static StoredCertificate read(ResultSet rows) throws SQLException {
        Certificate certificate = CertificateSerialization.fromSerialized(rows.getString("serialized"),
                rows.getString("signature"));
        String pem = rows.getString("private_key");
        Optional<RsaKey> key = pem == null || pem.isEmpty() ? Optional.empty() : Optional.of(RsaKey.fromPrivateKeyPem(pem));
        return new StoredCertificate(certificate, key);
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }
}
