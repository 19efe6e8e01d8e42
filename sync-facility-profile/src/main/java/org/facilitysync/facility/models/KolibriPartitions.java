package org.facilitysync.facility.models;

/**
 * Kolibri's partition templates ({@code calculate_partition}), as SPI templates over the record's
 * fields. A scope's filters are prefixes of these: full-facility syncs {@code ${dataset_id}}, a
 * single-user device reads {@code allusers-ro} and its own {@code user-ro}, and reads and writes its
 * own {@code user-rw}.
 */
public final class KolibriPartitions {

    /** Facility-wide data every user may read: collections. */
    public static final String ALL_USERS_RO = "${dataset_id}:allusers-ro";

    /** Data about one user that only admins change: memberships, roles, individual assignments. */
    public static final String USER_RO = "${dataset_id}:user-ro:${user_id}";

    /** Data one user writes: the user's logs. */
    public static final String USER_RW = "${dataset_id}:user-rw:${user_id}";

    /** Logs of a guest (no user): only a full-facility sync carries them. */
    public static final String ANONYMOUS = "${dataset_id}:anonymous";

    /** Data only a full-facility sync carries: lessons, exams, their assignments, exam logs. */
    public static final String DATASET = "${dataset_id}";

    /** The dataset itself: its id is the dataset id. */
    public static final String DATASET_ITSELF = "${id}:allusers-ro";

    /** A user: the user's own id is the {@code user_id} of its partition. */
    public static final String USER_ITSELF = "${dataset_id}:user-ro:${id}";

    private KolibriPartitions() {
    }
}
