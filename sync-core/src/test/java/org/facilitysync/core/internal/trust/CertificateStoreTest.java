package org.facilitysync.core.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.certificate.CertificateIssuer;
import org.facilitysync.core.internal.certificate.CertificateVerificationException;
import org.facilitysync.core.internal.certificate.CertificateVerificationException.Rule;
import org.facilitysync.core.internal.certificate.IssuedCertificate;
import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.testsupport.DatabaseKind;
import org.facilitysync.core.testsupport.TestDatabases;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The trust store on both databases, with the certificates Morango 0.8.2 made ({@code certificates.json}). */
class CertificateStoreTest {

    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private static CertificateStore storeWithTestScopes(Database database) {
        CertificateStore store = new CertificateStore(database);
        TrustVectors.scopeDefinitions().forEach(store.scopeDefinitions()::install);
        return store;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void ownedCertificatesAreStoredAsMorangoStoresThem(DatabaseKind kind) throws Exception {
        Database database = databases.migrated(kind);
        CertificateStore store = storeWithTestScopes(database);
        store.saveOwned(TrustVectors.owned("root"));
        store.saveOwned(TrustVectors.owned("child_subset"));

        for (String role : List.of("root", "child_subset")) {
            Certificate expected = TrustVectors.certificate(role);
            StoredCertificate stored = store.find(expected.id()).orElseThrow();
            assertEquals(expected, stored.certificate(), role);
            assertTrue(stored.owned(), role);
            assertEquals(TrustVectors.privateKeyPem(role), stored.privateKey().orElseThrow().privateKeyPem().orElseThrow(), role);
            Map<String, String> row = row(database, expected.id());
            var dbRow = TrustVectors.byRole(role).path("db_row_as_stored");
            for (String column : List.of("id", "profile", "scope_definition_id", "scope_params", "public_key", "salt",
                    "serialized", "signature")) {
                assertEquals(dbRow.path(column).asText(), row.get(column), role + " column " + column);
            }
            assertEquals(dbRow.path("parent_id").isNull() ? null : dbRow.path("parent_id").asText(), row.get("parent_id"));
            assertEquals(TrustVectors.privateKeyPem(role), row.get("private_key"), role + " private key as Morango stores it");
        }
        String rootId = TrustVectors.certificate("root").id();
        assertEquals(List.of(rootId, TrustVectors.certificate("child_subset").id()),
                store.ownedUnder(rootId).stream().map(StoredCertificate::id).toList());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aReceivedChainIsVerifiedAndStoredWithoutKeys(DatabaseKind kind) {
        CertificateStore server = storeWithTestScopes(databases.migrated(kind));
        server.saveOwned(TrustVectors.owned("root"));
        server.saveOwned(TrustVectors.owned("child_subset"));
        Certificate client = TrustVectors.certificate("child_csr");

        Certificate last = server.saveChain(List.of(TrustVectors.entry("root"), TrustVectors.entry("child_csr")), client.id());

        assertEquals(client, last);
        StoredCertificate stored = server.find(client.id()).orElseThrow();
        assertFalse(stored.owned());
        assertEquals(client.serialized(), stored.certificate().serialized());
        String rootId = TrustVectors.certificate("root").id();
        assertEquals(List.of(rootId, client.id()), server.ancestors(client.id()).stream().map(Certificate::id).toList());
        assertEquals(2, server.ownedUnder(rootId).size(), "a peer's certificate is not ours to offer");
        assertEquals(3, server.all().size());
        // Storing it again changes nothing.
        assertEquals(client, server.saveChain(List.of(TrustVectors.entry("root"), TrustVectors.entry("child_csr")), client.id()));
        assertEquals(3, server.all().size());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aNewNodeStoresTheWholeGrandchildChain(DatabaseKind kind) {
        CertificateStore fresh = storeWithTestScopes(databases.migrated(kind));
        List<CertificateChainEntry> chain = List.of(TrustVectors.entry("root"), TrustVectors.entry("child_subset"),
                TrustVectors.entry("grandchild_csr"));
        Certificate grandchild = TrustVectors.certificate("grandchild_csr");

        assertEquals(grandchild, fresh.saveChain(chain, grandchild.id()));

        assertEquals(List.of("root", "child_subset", "grandchild_csr").stream().map(r -> TrustVectors.certificate(r).id()).toList(),
                fresh.ancestors(grandchild.id()).stream().map(Certificate::id).toList());
        assertTrue(fresh.ownedUnder(TrustVectors.certificate("root").id()).isEmpty());
        // Now we get our key for the grandchild (as a CSR client would): the row gains it.
        fresh.saveOwned(TrustVectors.owned("grandchild_csr"));
        assertEquals(List.of(grandchild.id()), fresh.ownedUnder(TrustVectors.certificate("root").id()).stream()
                .map(StoredCertificate::id).toList());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aChainThatReachesNeitherAStoredCertificateNorARootIsRefusedAndNothingStored(DatabaseKind kind) {
        CertificateStore fresh = storeWithTestScopes(databases.migrated(kind));
        Certificate client = TrustVectors.certificate("child_csr");

        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> fresh.saveChain(List.of(TrustVectors.entry("child_csr")), client.id()));

        assertEquals(Rule.CHAIN_NOT_ROOTED, e.rule());
        assertTrue(fresh.all().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aTamperedChainIsRefusedAndNothingStored(DatabaseKind kind) {
        CertificateStore fresh = storeWithTestScopes(databases.migrated(kind));
        CertificateChainEntry child = TrustVectors.entry("child_csr");
        String signature = child.signature();
        CertificateChainEntry tampered = new CertificateChainEntry(child.id(), child.serialized(),
                (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1));

        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> fresh.saveChain(List.of(TrustVectors.entry("root"), tampered), child.id()));

        assertEquals(Rule.SIGNATURE_INVALID, e.rule());
        assertTrue(fresh.all().isEmpty(), "the valid root of the refused chain is not kept either");
        assertThrows(CertificateVerificationException.class,
                () -> fresh.saveChain(List.of(TrustVectors.entry("root"), child), "0123456789abcdef0123456789abcdef"));
        assertTrue(fresh.all().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aCertificateOfAnUnknownScopeDefinitionIsRefused(DatabaseKind kind) {
        CertificateStore withoutTestScopes = new CertificateStore(databases.migrated(kind));
        CertificateVerificationException e = assertThrows(CertificateVerificationException.class,
                () -> withoutTestScopes.saveChain(List.of(TrustVectors.entry("root")), null));
        assertEquals(Rule.SCOPE_DEFINITION_UNKNOWN, e.rule());
        assertTrue(withoutTestScopes.all().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void kolibrisScopeDefinitionsComeFromTheProfile(DatabaseKind kind) {
        CertificateStore store = new CertificateStore(databases.migrated(kind));
        store.scopeDefinitions().install(new FacilityDataProfile().scopeDefinitions());
        IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
        store.saveOwned(root);
        String datasetId = root.certificate().id();
        IssuedCertificate learner = new IssuedCertificate(CertificateIssuer.child(root, "facilitydata", "single-user", 1,
                "{\"dataset_id\": \"" + datasetId + "\", \"user_id\": \"0123456789abcdef0123456789abcdef\"}",
                org.facilitysync.core.internal.certificate.RsaKey.generate().publicKeyString(), CertificateIssuer.newSalt()),
                org.facilitysync.core.internal.certificate.RsaKey.generate());
        // The key above is not the certificate's: refused, clearly.
        assertThrows(IllegalArgumentException.class, () -> store.saveOwned(learner));
        var key = org.facilitysync.core.internal.certificate.RsaKey.generate();
        IssuedCertificate own = new IssuedCertificate(CertificateIssuer.child(root, "facilitydata", "single-user", 1,
                "{\"dataset_id\": \"" + datasetId + "\", \"user_id\": \"0123456789abcdef0123456789abcdef\"}",
                key.publicKeyString(), CertificateIssuer.newSalt()), key);
        store.saveOwned(own);
        assertEquals(2, store.ownedUnder(datasetId).size());
        assertEquals(List.of("full-facility", "single-user"),
                store.scopeDefinitions().stored().stream().map(ScopeDefinition::id).toList());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aScopeNoProfileDeclaresIsUnknown(DatabaseKind kind) {
        CertificateStore store = new CertificateStore(databases.migrated(kind));
        IssuedCertificate root = CertificateIssuer.root(FacilityScopes.FULL_FACILITY, Map.of());
        CertificateVerificationException refused = assertThrows(CertificateVerificationException.class,
                () -> store.saveOwned(root));
        assertTrue(refused.getMessage().contains("no scope definition 'full-facility'"), refused.getMessage());
    }

    /** The profile, not the stored row, says what a scope means: a changed definition reaches an existing node. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aChangedDefinitionReplacesTheStoredOne(DatabaseKind kind) {
        Database database = databases.migrated(kind);
        ScopeDefinitionStore definitions = new ScopeDefinitionStore(database);
        definitions.install(FacilityScopes.all());
        ScopeDefinition old = FacilityScopes.SINGLE_USER;
        ScopeDefinition changed = new ScopeDefinition(old.id(), old.profile(), old.version() + 1,
                old.primaryScopeParamKey(), "A changed description for ${user_id}.", old.readFilterTemplate(),
                old.writeFilterTemplate() + "\n${dataset_id}:other", old.readWriteFilterTemplate());
        // a node that restarts with the new profile version: a new store over the same database
        new ScopeDefinitionStore(database).install(List.of(FacilityScopes.FULL_FACILITY, changed));
        assertEquals(changed, definitions.find(old.id()).orElseThrow());
        assertEquals(FacilityScopes.FULL_FACILITY, definitions.find(FacilityScopes.FULL_FACILITY.id()).orElseThrow());
        assertEquals(2, definitions.stored().size());
        definitions.install(changed);
        assertEquals(List.of(FacilityScopes.FULL_FACILITY, changed), definitions.stored());
    }

    private static Map<String, String> row(Database database, String id) {
        return database.read(tx -> {
            try (PreparedStatement query = tx.prepare("SELECT * FROM morango_certificate WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    Map<String, String> values = new java.util.HashMap<>();
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        values.put(rows.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rows.getString(i));
                    }
                    return values;
                }
            }
        });
    }
}
