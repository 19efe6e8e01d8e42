package org.facilitysync.itests;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.facilitysync.core.internal.http.client.MorangoHttpClient;

/**
 * The test JVM's stderr, also kept: the devices' HTTP clients log each request they retry (after a connection
 * error, a timeout or a 5xx) to it, and a load test must see every one, since a retried request is one that
 * failed. {@link #enable()} must run before anything makes the client's logger (slf4j-simple reads the level
 * then), so from a {@code @BeforeClass}.
 */
final class RetryLog implements AutoCloseable {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final PrintStream original;

    /** Makes the client log every retry (its later attempts at debug level). */
    static void enable() {
        System.setProperty("org.slf4j.simpleLogger.log." + MorangoHttpClient.class.getName(), "debug");
    }

    /** Starts keeping stderr. */
    RetryLog() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (kept) {
                    kept.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (kept) {
                    kept.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The retried requests logged since the last call, one per line; empty when none was. */
    String retriedSinceLastCall() {
        synchronized (kept) {
            String all = kept.toString(StandardCharsets.UTF_8);
            kept.reset();
            return all.lines().filter(l -> l.contains("; retrying")).reduce("", (a, b) -> a + b + "\n");
        }
    }

    /** Gives stderr back. */
    @Override
    public void close() {
        System.setErr(original);
    }
}
