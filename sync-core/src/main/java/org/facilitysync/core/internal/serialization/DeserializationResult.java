package org.facilitysync.core.internal.serialization;

/**
 * What one deserialization pass did.
 *
 * @param profile the profile deserialized
 * @param applied Store rows written into application tables
 * @param deleted tombstones whose application rows were removed
 * @param deletedByReferent rows not written because a record they reference is deleted; queued as
 *        deletions so that the next serialization tombstones them too
 * @param failed rows left dirty with a {@code deserialization_error} (retried by the next pass)
 */
public record DeserializationResult(String profile, long applied, long deleted, long deletedByReferent, long failed) {

    DeserializationResult plus(DeserializationResult other) {
        return new DeserializationResult(profile, applied + other.applied, deleted + other.deleted,
                deletedByReferent + other.deletedByReferent, failed + other.failed);
    }
}
