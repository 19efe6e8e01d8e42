package org.facilitysync.api.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How applications create, read, update and delete records of syncable models on this node. Every
 * write marks the record dirty in the same transaction, so the next sync sends exactly what changed.
 *
 * <p>Values are checked against the model: an unknown field, a value of the wrong type, a missing
 * required value or a foreign key to a record that does not exist is an
 * {@link IllegalArgumentException} that names the model, the field and the value, and nothing is
 * written. Each call is its own transaction unless it runs inside {@link #inTransaction(RecordWork)}.
 *
 * <p>Safe for concurrent use.
 */
@ProviderType
public interface SyncRecords {

    /** The key under which {@link #create} accepts an explicit source id. */
    String SOURCE_ID = "_morango_source_id";

    /**
     * Creates a record; its id, source id and partition are computed as the model says.
     *
     * @param values the fields' values; may also hold {@link #SOURCE_ID} to give the source id explicitly
     * @return the record as stored
     * @throws IllegalArgumentException for an unknown model or bad values
     * @throws IllegalStateException when a record with the computed id exists already (a deterministic
     *         source id that repeats); a deleted record with that id is re-created instead
     */
    SyncRecord create(String profile, String model, Map<String, Object> values);

    /**
     * Changes some fields of a record. The id and partition do not change.
     *
     * @throws java.util.NoSuchElementException when no such record exists
     */
    SyncRecord update(String profile, String model, String id, Map<String, Object> changes);

    /** The record, if it exists. */
    Optional<SyncRecord> read(String profile, String model, String id);

    /**
     * Deletes a record; the deletion syncs as a tombstone, and peers delete it too.
     *
     * @return whether a record was deleted
     */
    boolean delete(String profile, String model, String id);

    /**
     * Deletes a record and blanks its synced data everywhere (Morango's hard delete), for data that
     * must not survive anywhere.
     *
     * @return whether a record was deleted
     */
    boolean hardDelete(String profile, String model, String id);

    /**
     * The record as Morango serializes it into the Store, without the named fields: Python's
     * {@code json.dumps} text of {@code id}, {@code _morango_source_id}, {@code _morango_partition} and
     * the model's fields in order. Kolibri embeds such text in its denormalized copies of a record (an
     * {@code individualsyncableexam}'s {@code serialized_exam} is the exam's, without its assignment fields).
     *
     * @param omit fields left out of the text
     * @return the text, or empty when no such record exists
     */
    Optional<String> serialized(String profile, String model, String id, Set<String> omit);

    /**
     * The records whose {@code field} equals {@code value} (SQL equality; a null value finds nothing), in
     * no particular order. Declare the field {@linkplain SyncableModel#indexedFields() indexed} (foreign
     * keys are) and the lookup is one index search, whatever the size of the table; otherwise it reads
     * the whole table.
     *
     * @throws IllegalArgumentException for an unknown model or field, or a value of the wrong type
     */
    List<SyncRecord> findBy(String profile, String model, String field, Object value);

    /** How many records of the model exist. */
    long count(String profile, String model);

    /** Calls {@code action} for every record of the model, streaming: memory does not grow with the table. */
    void forEach(String profile, String model, Consumer<SyncRecord> action);

    /**
     * Runs {@code work} in one transaction: all its writes happen, or none.
     *
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw, after rolling back
     */
    <T> T inTransaction(RecordWork<T> work) throws Exception;

    /** Work done with the records of one transaction. */
    @FunctionalInterface
    interface RecordWork<T> {
        T run(SyncRecords transaction) throws Exception;
    }
}
