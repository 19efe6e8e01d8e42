package org.facilitysync.core.internal.storage;

/**
 * An internal switch for {@code bench compare}: with the system property {@value #PROPERTY} set to
 * {@code true}, a node syncs as it did before issue #12 (client transfer one chunk at a time with nothing
 * made ready ahead, push bodies gzipped at level 9, SQLite's default WAL checkpoint interval), so that one
 * benchmark run can measure both paths side by side. Not a configuration: nothing but the benchmarks sets
 * it. Read at every use, so a benchmark can flip it between runs in one process (new nodes, new connections).
 */
public final class BeforeIssue12 {

    /** The system property that selects the pre-#12 paths. */
    public static final String PROPERTY = "facilitysync.bench.before";

    private BeforeIssue12() {
    }

    /** Whether the pre-#12 paths are selected. */
    public static boolean selected() {
        return Boolean.getBoolean(PROPERTY);
    }
}
