package org.facilitysync.api.model;

/**
 * The names of Kolibri's scope definitions and their params, which the {@code facilitydata} profile
 * declares ({@link SyncProfile#scopeDefinitions()}) and the core's facility sync chooses between. The
 * definitions themselves belong to the profile; only their names are shared.
 *
 * @since 1.2
 */
public final class KolibriScopes {

    /** Kolibri's {@code ScopeDefinitions.FULL_FACILITY}: everything of one dataset, both ways. */
    public static final String FULL_FACILITY = "full-facility";

    /** Kolibri's {@code ScopeDefinitions.SINGLE_USER}: what a learner-only device needs for one user. */
    public static final String SINGLE_USER = "single-user";

    /** The scope param naming the dataset; also the full-facility root certificate's primary param. */
    public static final String DATASET_ID = "dataset_id";

    /** The scope param naming the user of a single-user certificate. */
    public static final String USER_ID = "user_id";

    private KolibriScopes() {
    }
}
