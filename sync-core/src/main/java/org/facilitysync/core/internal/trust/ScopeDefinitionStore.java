package org.facilitysync.core.internal.trust;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facilitysync.core.internal.certificate.ScopeDefinition;
import org.facilitysync.core.internal.certificate.ScopeDefinitions;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The scope definitions this node knows, in Morango's {@code morango_scopedefinition}: the stored
 * rows, and as a fallback the {@link BuiltInScopeDefinitions built-in} ones (Morango's {@code
 * retrieve_by_id} loads its fixture likewise). A built-in definition is written to the table when a
 * certificate that uses it is stored, because the certificate row references it.
 */
public final class ScopeDefinitionStore implements ScopeDefinitions {

    private static final String COLUMNS = "id, profile, version, primary_scope_param_key, description,"
            + " read_filter_template, write_filter_template, read_write_filter_template";

    private final Database database;

    public ScopeDefinitionStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<ScopeDefinition> find(String scopeDefinitionId) {
        if (scopeDefinitionId == null) {
            return Optional.empty();
        }
        return database.read(tx -> find(tx, scopeDefinitionId));
    }

    /** Every stored definition, by id. */
    public List<ScopeDefinition> stored() {
        return database.read(tx -> {
            List<ScopeDefinition> all = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT " + COLUMNS + " FROM morango_scopedefinition ORDER BY id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    all.add(read(rows));
                }
            }
            return all;
        });
    }

    /**
     * Stores a definition (a profile installing its scopes). Storing the same definition again
     * changes nothing.
     *
     * @throws IllegalArgumentException when a different definition with that id is stored already:
     *     certificates issued under it would silently change meaning, so it is refused
     * @throws IllegalArgumentException when all its templates are empty (it would grant everything)
     */
    public void save(ScopeDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        if (definition.coversEverything()) {
            throw new IllegalArgumentException("scope definition '" + definition.id()
                    + "' has no filter template at all and would grant every partition; refused");
        }
        database.inTransaction(tx -> {
            Optional<ScopeDefinition> stored = stored(tx, definition.id());
            if (stored.isPresent()) {
                if (!stored.get().equals(definition)) {
                    throw new IllegalArgumentException("scope definition '" + definition.id()
                            + "' is stored already with different content: stored " + stored.get() + ", new " + definition);
                }
                return null;
            }
            insert(tx, definition);
            return null;
        });
    }

    /**
     * Makes sure the definition a certificate names is in the table (inside the caller's
     * transaction), writing the built-in one when needed.
     *
     * @throws IllegalArgumentException naming the id when the node does not know it
     */
    void ensureStored(Transaction tx, String scopeDefinitionId) throws SQLException {
        if (stored(tx, scopeDefinitionId).isPresent()) {
            return;
        }
        ScopeDefinition builtIn = BuiltInScopeDefinitions.find(scopeDefinitionId).orElseThrow(() ->
                new IllegalArgumentException("scope definition '" + scopeDefinitionId + "' is not known on this node"));
        // Another node of a hub tier may store the same built-in definition at the same moment: no conflict.
        ScopeDefinition d = builtIn;
        tx.update(tx.dialect().insertIgnoringConflicts("morango_scopedefinition", List.of(COLUMNS.split(",\\s*")),
                List.of("id"), 1), d.id(), d.profile(), d.version(), d.primaryScopeParamKey(), d.description(),
                d.readFilterTemplate(), d.writeFilterTemplate(), d.readWriteFilterTemplate());
    }

    Optional<ScopeDefinition> find(Transaction tx, String id) throws SQLException {
        Optional<ScopeDefinition> stored = stored(tx, id);
        return stored.isPresent() ? stored : BuiltInScopeDefinitions.find(id);
    }

    private static Optional<ScopeDefinition> stored(Transaction tx, String id) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT " + COLUMNS + " FROM morango_scopedefinition WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static void insert(Transaction tx, ScopeDefinition d) throws SQLException {
        tx.update("INSERT INTO morango_scopedefinition (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                d.id(), d.profile(), d.version(), d.primaryScopeParamKey(), d.description(),
                d.readFilterTemplate(), d.writeFilterTemplate(), d.readWriteFilterTemplate());
    }

    private static ScopeDefinition read(ResultSet rows) throws SQLException {
        return new ScopeDefinition(rows.getString("id"), rows.getString("profile"), rows.getInt("version"),
                rows.getString("primary_scope_param_key"), rows.getString("description"),
                rows.getString("read_filter_template"), rows.getString("write_filter_template"),
                rows.getString("read_write_filter_template"));
    }
}
