package org.facilitysync.core.internal.engine;

/**
 * An internal switch for {@code bench compare}: with the system property {@value #BEFORE_PROPERTY} set to
 * {@code true}, a client transfers as it did before issue #12 (one chunk at a time with nothing prepared
 * ahead, push bodies gzipped at level 9), so that one benchmark run can measure both paths side by side.
 * Not a configuration: nothing but the benchmarks sets it. Read at every use, so a benchmark can flip it
 * between runs in one process.
 */
public final class TransferPath {

    /** The system property that selects the pre-#12 transfer loop. */
    public static final String BEFORE_PROPERTY = "facilitysync.bench.before";

    private TransferPath() {
    }

    /** Whether the pre-#12 transfer loop is selected. */
    public static boolean before() {
        return Boolean.getBoolean(BEFORE_PROPERTY);
    }
}
