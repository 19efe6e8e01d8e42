package org.facilitysync.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The node's log while it starts: held back until the node has settled, then written out as it was.
 * A node that cannot start ends with one line naming the cause, not with the cascade of log lines
 * and traces its bundles wrote on the way there; {@link #drop()} throws those away ({@code --verbose}
 * shows them, as it never holds anything).
 */
final class BootLog extends OutputStream {

    /** More than a start-up ever logs: beyond it the log is written out rather than held. */
    private static final int MAX_HELD = 1 << 20;

    private final OutputStream target;
    private ByteArrayOutputStream held;
    private boolean dropping;

    /**
     * @param hold whether to hold the log back until {@link #release()}; false passes it straight on
     */
    BootLog(OutputStream target, boolean hold) {
        this.target = target;
        this.held = hold ? new ByteArrayOutputStream() : null;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (dropping) {
            return;
        }
        if (held != null) {
            held.write(bytes, offset, length);
            if (held.size() > MAX_HELD) {
                release();
            }
            return;
        }
        target.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (held == null && !dropping) {
            target.flush();
        }
    }

    /** Writes out what was held; from now on the log passes straight through. */
    synchronized void release() {
        if (held == null || dropping) {
            return;
        }
        byte[] bytes = held.toByteArray();
        held = null;
        try {
            target.write(bytes);
            target.flush();
        } catch (IOException e) {
            // stderr is gone; nothing to tell it
        }
    }

    /** Forgets what was held and everything logged from now on: the launcher's own line says it all. */
    synchronized void drop() {
        if (held != null) {
            held = null;
            dropping = true;
        }
    }
}
