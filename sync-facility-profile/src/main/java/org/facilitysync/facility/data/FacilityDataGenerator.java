package org.facilitysync.facility.data;

import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.models.FacilityDataModels;

/**
 * Generates a whole Kolibri facility, deterministically from a seed, as a stream of records to create
 * in order: each record comes after every record it references, so passing each to
 * {@link SyncRecords#create} (or {@link GeneratedRecord#createIn}) builds a valid facility. It writes
 * nothing itself.
 *
 * <p>It streams: memory does not grow with the facility's size (a million records take no more than
 * ten), so benchmarks can generate facilities larger than the heap. Every iteration starts over and
 * yields the same records; the same seed and spec give the same records, ids included, on every node.
 * Instances are immutable and thread-safe; each iterator is for one thread.
 */
public final class FacilityDataGenerator implements Iterable<GeneratedRecord> {

    /** The profile of every generated record. */
    public static final String PROFILE = FacilityDataModels.PROFILE;

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final GeneratorSpec spec;
    private final long seed;
    private final String datasetId;
    /** The existing facility the records go into; null when the generator makes the facility itself. */
    private final String facilityId;

    /** A facility of shape {@code spec}, its values and ids drawn from {@code seed}. */
    public FacilityDataGenerator(GeneratorSpec spec, long seed) {
        this(spec, seed, KolibriValues.derivedId(seed, KolibriValues.DATASET_SALT, 0));
    }

    private FacilityDataGenerator(GeneratorSpec spec, long seed, String datasetId) {
        this(spec, seed, datasetId, null);
    }

    private FacilityDataGenerator(GeneratorSpec spec, long seed, String datasetId, String facilityId) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.seed = seed;
        this.datasetId = datasetId;
        this.facilityId = facilityId;
    }

    /**
     * The same facility under the dataset {@code datasetId}. In Kolibri a dataset's id is the id of the
     * full-facility root certificate made for it, so a node that makes that certificate passes its id here.
     *
     * @throws IllegalArgumentException unless {@code datasetId} is 32 lowercase hex digits
     */
    public FacilityDataGenerator withDatasetId(String datasetId) {
        if (datasetId == null || !ID.matcher(datasetId).matches()) {
            throw new IllegalArgumentException("a dataset id is 32 lowercase hex digits (a certificate id), not "
                    + datasetId);
        }
        return new FacilityDataGenerator(spec, seed, datasetId, facilityId);
    }

    /**
     * Classrooms, learners and their logs for a facility that exists already (made by
     * {@link NewFacility}): the dataset, the facility, its admin and the admin's role are not generated,
     * so the records are {@link GeneratorSpec#FACILITY_RECORDS} fewer.
     *
     * @param existingDatasetId the facility's dataset id
     * @param existingFacilityId the facility record's id
     */
    public FacilityDataGenerator intoFacility(String existingDatasetId, String existingFacilityId) {
        FacilityDataGenerator moved = withDatasetId(existingDatasetId);
        if (existingFacilityId == null || !ID.matcher(existingFacilityId).matches()) {
            throw new IllegalArgumentException("a facility id is 32 lowercase hex digits, not " + existingFacilityId);
        }
        return new FacilityDataGenerator(spec, seed, moved.datasetId, existingFacilityId);
    }

    public GeneratorSpec spec() {
        return spec;
    }

    public long seed() {
        return seed;
    }

    /** The id of the generated dataset: the partition prefix of every generated record. */
    public String datasetId() {
        return datasetId;
    }

    /** Exactly how many records an iteration yields. */
    public long recordCount() {
        return spec.recordCount() - (facilityId == null ? 0 : GeneratorSpec.FACILITY_RECORDS);
    }

    /** The records, in dependency order, from the first. */
    @Override
    public Iterator<GeneratedRecord> iterator() {
        return new FacilityWalk(spec, seed, datasetId, facilityId);
    }

    /** The records as a sequential stream, in dependency order; sized, so {@code count()} does not walk it. */
    public Stream<GeneratedRecord> records() {
        return StreamSupport.stream(Spliterators.spliterator(iterator(), recordCount(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }
}
