package org.facilitysync.core.internal.trust;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facilitysync.api.model.ScopeDefinition;
import org.facilitysync.core.internal.certificate.ScopeDefinitions;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * The scope definitions this node knows, in Morango's {@code morango_scopedefinition}. They come from the
 * profiles ({@link org.facilitysync.api.model.SyncProfile#scopeDefinitions()}), which {@link #install} stores
 * when a profile is registered: the profile says what a scope means, so a definition changed in a new
 * profile version replaces the stored one on an existing node. Morango reads its fixture likewise.
 */
public final class ScopeDefinitionStore implements ScopeDefinitions {

    private static final List<String> COLUMNS = List.of("id", "profile", "version", "primary_scope_param_key",
            "description", "read_filter_template", "write_filter_template", "read_write_filter_template");

    private final Database database;

    public ScopeDefinitionStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<ScopeDefinition> find(String scopeDefinitionId) {
        if (scopeDefinitionId == null) {
            return Optional.empty();
        }
        return database.read(tx -> stored(tx, scopeDefinitionId));
    }

    /** Every stored definition, by id. */
    public List<ScopeDefinition> stored() {
        return database.read(tx -> {
            List<ScopeDefinition> all = new ArrayList<>();
            try (PreparedStatement query = tx.prepare("SELECT " + String.join(", ", COLUMNS)
                    + " FROM morango_scopedefinition ORDER BY id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    all.add(read(rows));
                }
            }
            return all;
        });
    }

    /** Stores a profile's definitions in one transaction, as {@link #install(ScopeDefinition)}. */
    public void install(Collection<ScopeDefinition> definitions) {
        List<ScopeDefinition> all = List.copyOf(definitions);
        if (all.isEmpty()) {
            return;
        }
        database.inTransaction(tx -> {
            for (ScopeDefinition definition : all) {
                upsert(tx, definition);
            }
            return null;
        });
    }

    /**
     * Stores a definition; one stored with the same id is replaced when it differs, and left as it is
     * otherwise. Nodes of a hub tier that install the same definition at once do not conflict.
     */
    public void install(ScopeDefinition definition) {
        install(List.of(definition));
    }

    /**
     * Makes sure the definition a certificate names is in the table (inside the caller's transaction).
     *
     * @throws IllegalArgumentException naming the id when the node does not know it
     */
    void ensureStored(Transaction tx, String scopeDefinitionId) throws SQLException {
        if (stored(tx, scopeDefinitionId).isEmpty()) {
            throw new IllegalArgumentException("scope definition '" + scopeDefinitionId
                    + "' is not known on this node (no registered profile declares it)");
        }
    }

    Optional<ScopeDefinition> find(Transaction tx, String id) throws SQLException {
        return stored(tx, id);
    }

    private static void upsert(Transaction tx, ScopeDefinition d) throws SQLException {
        Optional<ScopeDefinition> stored = stored(tx, d.id());
        if (stored.isPresent() && stored.get().equals(d)) {
            return;
        }
        Object[] values = {d.id(), d.profile(), d.version(), d.primaryScopeParamKey(), d.description(),
                d.readFilterTemplate(), d.writeFilterTemplate(), d.readWriteFilterTemplate()};
        if (stored.isPresent()) {
            tx.update("UPDATE morango_scopedefinition SET profile = ?, version = ?, primary_scope_param_key = ?,"
                    + " description = ?, read_filter_template = ?, write_filter_template = ?,"
                    + " read_write_filter_template = ? WHERE id = ?", d.profile(), d.version(),
                    d.primaryScopeParamKey(), d.description(), d.readFilterTemplate(), d.writeFilterTemplate(),
                    d.readWriteFilterTemplate(), d.id());
        } else {
            tx.update(tx.dialect().insertIgnoringConflicts("morango_scopedefinition", COLUMNS, List.of("id"), 1),
                    values);
        }
    }

    private static Optional<ScopeDefinition> stored(Transaction tx, String id) throws SQLException {
        try (PreparedStatement query = tx.prepare("SELECT " + String.join(", ", COLUMNS)
                + " FROM morango_scopedefinition WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static ScopeDefinition read(ResultSet rows) throws SQLException {
        return new ScopeDefinition(rows.getString("id"), rows.getString("profile"), rows.getInt("version"),
                rows.getString("primary_scope_param_key"), rows.getString("description"),
                rows.getString("read_filter_template"), rows.getString("write_filter_template"),
                rows.getString("read_write_filter_template"));
    }
}
