package org.facilitysync.core.internal.serialization;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.core.internal.identity.SerializedRecordId;
import org.facilitysync.core.internal.model.AppColumns;
import org.facilitysync.core.internal.model.AppRows;
import org.facilitysync.core.internal.model.DeletionQueues;
import org.facilitysync.core.internal.model.ProfileModels;
import org.facilitysync.core.internal.model.RegisteredModel;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * Applies one chunk of dirty Store rows of one model to its application table (Morango's
 * {@code _deserialize_store_model} plus the bulk steps of {@code _deserialize_from_store}):
 * <ul>
 * <li>a tombstone removes the app row, and queues no deletion (the deletion came from elsewhere);</li>
 * <li>any other row is parsed and every field checked against its type; a row that does not parse or
 * fit fails with a message naming the record and the reason;</li>
 * <li>foreign keys are checked in bulk, one lookup per chunk in the Store (then in the referenced app
 * tables for what the Store lacks): a missing referent fails the row with Morango's message naming the
 * field and the id; a referent that failed in this pass fails it too; a referent that is a tombstone
 * puts the row in the deletion queues instead of the app table, so it becomes a tombstone too;</li>
 * <li>valid rows are upserted with multi-row statements, with the app dirty bit clear (received data is
 * not a local change);</li>
 * <li>the Store rows handled lose their dirty bit and error; failed rows keep the dirty bit and get their
 * error, so the next pass retries them.</li>
 * </ul>
 */
final class DeserializeChunk {

    /** One dirty Store row as read for deserialization. */
    record StoreRecord(long seq, String id, String serialized, boolean deleted, boolean hardDeleted, String sourceId,
                       String partition, Object address) {
    }

    private record Reference(ModelField field, String to) {
    }

    private record Parsed(StoreRecord store, Object[] values, List<Reference> references) {
    }

    private record Referent(boolean deleted, boolean hardDeleted, boolean dirty, String error) {
    }

    private final Transaction tx;
    private final ProfileModels models;
    private final RegisteredModel model;
    /** Errors of this chunk by Store id, for the caller's log. */
    private final Map<String, String> errors = new LinkedHashMap<>();

    /** Position of each field in {@link RegisteredModel#fields()}, by name. */
    private final Map<String, Integer> fieldIndex = new HashMap<>();

    DeserializeChunk(Transaction tx, ProfileModels models, RegisteredModel model) {
        this.tx = tx;
        this.models = models;
        this.model = model;
        for (int i = 0; i < model.fields().size(); i++) {
            fieldIndex.put(model.fields().get(i).name(), i);
        }
    }

    Map<String, String> errors() {
        return errors;
    }

    DeserializationResult apply(List<StoreRecord> rows) throws SQLException {
        List<String> tombstones = new ArrayList<>();
        List<Object> clean = new ArrayList<>(rows.size());
        List<Parsed> parsed = new ArrayList<>(rows.size());
        for (StoreRecord row : rows) {
            if (row.deleted()) {
                tombstones.add(row.id());
                clean.add(row.address());
            } else {
                Parsed record = parse(row);
                if (record != null) {
                    parsed.add(record);
                }
            }
        }

        List<Parsed> valid = new ArrayList<>(parsed.size());
        List<String> deletedByReferent = new ArrayList<>();
        List<String> hardDeletedByReferent = new ArrayList<>();
        checkReferences(parsed, valid, deletedByReferent, hardDeletedByReferent, clean);

        if (!tombstones.isEmpty()) {
            AppRows.delete(tx, model, tombstones);
        }
        upsert(valid);
        if (!deletedByReferent.isEmpty()) {
            DeletionQueues.queueDeleted(tx, model.profile(), deletedByReferent);
            DeletionQueues.queueHardDeleted(tx, model.profile(), hardDeletedByReferent);
        }
        recordErrors();
        valid.forEach(p -> clean.add(p.store().address()));
        RowAddress.update(tx, "UPDATE morango_store SET dirty_bit = " + tx.dialect().booleanLiteral(false)
                + ", deserialization_error = '' WHERE " + RowAddress.column(tx.dialect()) + " IN ", clean);
        return new DeserializationResult(model.profile(), valid.size(), tombstones.size(), deletedByReferent.size(),
                errors.size());
    }

    /**
     * Reads the model's fields from the row's JSON with a streaming parser (no tree per record); keys the
     * model does not have are skipped, as Morango's {@code deserialize} keeps only fields.
     */
    private Parsed parse(StoreRecord row) {
        List<ModelField> fields = model.fields();
        JsonNode[] nodes = new JsonNode[fields.size()];
        try (JsonParser parser = SerializedJson.parser(row.serialized())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                fail(row.id(), "serialized is empty, not a JSON object");
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                fail(row.id(), "serialized is JSON, but not an object (" + kind(first) + ")");
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken token = parser.nextToken();
                Integer index = fieldIndex.get(key);
                if (index != null) {
                    nodes[index] = node(parser, token);
                } else if (key.equals("id") && token == JsonToken.VALUE_STRING) {
                    String mismatch = SerializedRecordId.mismatch(row.id(), parser.getText());
                    if (mismatch != null) {
                        fail(row.id(), mismatch);
                        return null;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                fail(row.id(), "serialized is not valid JSON: extra data after the object");
                return null;
            }
        } catch (JsonProcessingException e) {
            fail(row.id(), "serialized is not valid JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            fail(row.id(), "serialized cannot be read: " + e.getMessage());
            return null;
        }
        Object[] values = new Object[fields.size()];
        List<Reference> references = new ArrayList<>(model.references().size());
        for (int i = 0; i < values.length; i++) {
            ModelField field = fields.get(i);
            try {
                values[i] = FieldJson.read(field, nodes[i]);
            } catch (FieldJson.BadValue e) {
                fail(row.id(), e.getMessage());
                return null;
            }
            if (field.isReference() && values[i] != null) {
                references.add(new Reference(field, (String) values[i]));
            }
        }
        return new Parsed(row, values, references);
    }

    /** The value at the parser's current token: scalars as light nodes, structures as trees. */
    private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.instance;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? BigIntegerNode.valueOf(parser.getBigIntegerValue()) : LongNode.valueOf(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
            default -> parser.readValueAsTree();
        };
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void checkReferences(List<Parsed> parsed, List<Parsed> valid, List<String> deletedByReferent,
                                 List<String> hardDeletedByReferent, List<Object> clean) throws SQLException {
        Set<String> targets = new HashSet<>();
        parsed.forEach(p -> p.references().forEach(r -> targets.add(r.to())));
        Map<String, Referent> inStore = targets.isEmpty() ? Map.of() : storeReferents(targets);
        Map<String, Set<String>> missingByModel = new HashMap<>();
        for (Parsed p : parsed) {
            for (Reference reference : p.references()) {
                if (!inStore.containsKey(reference.to())) {
                    missingByModel.computeIfAbsent(reference.field().references(), m -> new HashSet<>())
                            .add(reference.to());
                }
            }
        }
        // A referent the Store lacks but the app table has (written locally, outside every filter
        // serialized so far) is as good as Morango's Store referent: the app row exists.
        Set<String> inApp = new HashSet<>();
        for (Map.Entry<String, Set<String>> entry : missingByModel.entrySet()) {
            inApp.addAll(AppRows.existingIds(tx, models.require(entry.getKey()), entry.getValue()));
        }
        for (Parsed p : parsed) {
            String error = null;
            Referent deleted = null;
            for (Reference reference : p.references()) {
                Referent referent = inStore.get(reference.to());
                if (referent == null) {
                    if (!inApp.contains(reference.to())) {
                        // Morango's text: str({from_field: "<model> instance with id '<pk>' does not exist"})
                        error = "{'" + reference.field().name() + "': \"" + reference.field().references()
                                + " instance with id '" + reference.to() + "' does not exist\"}";
                        break;
                    }
                } else if (referent.deleted() || referent.hardDeleted()) {
                    if (deleted == null || referent.hardDeleted()) {
                        deleted = referent;
                    }
                } else if (referent.dirty() && !referent.error().isEmpty()) {
                    error = reference.field().references() + " with id " + reference.to() + " failed to deserialize";
                    break;
                }
            }
            if (error != null) {
                fail(p.store().id(), error);
            } else if (deleted != null) {
                deletedByReferent.add(p.store().id());
                clean.add(p.store().address());
                if (deleted.hardDeleted()) {
                    hardDeletedByReferent.add(p.store().id());
                }
            } else {
                valid.add(p);
            }
        }
    }

    private Map<String, Referent> storeReferents(Set<String> ids) throws SQLException {
        Map<String, Referent> found = new HashMap<>();
        for (List<String> part : AppRows.partition(ids)) {
            try (PreparedStatement query = tx.prepare("SELECT id, deleted, hard_deleted, dirty_bit, deserialization_error"
                    + " FROM morango_store WHERE id IN " + AppRows.placeholders(part.size()))) {
                AppRows.bindAll(query, 1, part);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), new Referent(rows.getBoolean(2), rows.getBoolean(3),
                                rows.getBoolean(4), rows.getString(5)));
                    }
                }
            }
        }
        return found;
    }

    private void upsert(List<Parsed> valid) throws SQLException {
        if (valid.isEmpty()) {
            return;
        }
        List<String> columns = model.allColumns();
        List<ModelField> fields = model.fields();
        try (BulkStatement<Parsed> upsert = new BulkStatement<>(tx, model.table(), columns,
                BulkStatement.onConflictUpdate(List.of("id"), columns.subList(1, columns.size())), (s, i, p) -> {
                    s.setString(i, p.store().id());
                    s.setString(i + 1, p.store().sourceId());
                    s.setString(i + 2, p.store().partition());
                    s.setBoolean(i + 3, false);
                    for (int f = 0; f < fields.size(); f++) {
                        AppColumns.bind(s, i + 4 + f, fields.get(f).type(), p.values()[f], tx.dialect());
                    }
                })) {
            for (Parsed p : valid) {
                upsert.add(p);
            }
            upsert.flush();
        }
    }

    private void recordErrors() throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement update = tx.prepare("UPDATE morango_store SET deserialization_error = ? WHERE id = ?")) {
            for (Map.Entry<String, String> error : errors.entrySet()) {
                update.setString(1, error.getValue());
                update.setString(2, error.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void fail(String id, String message) {
        errors.put(id, message);
    }
}
