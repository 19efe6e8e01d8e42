package org.facilitysync.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The {@code exit [status]} command of {@code facilitysync shell}. Gogo 1.1's plain shell has none
 * of its own; its default profile exposes {@code java.lang.System} methods, so a bare {@code exit}
 * fails with "Cannot coerce exit()" and {@code exit 0} would halt the JVM without stopping the
 * framework. Registered in the {@code gogo} scope because the shell profile searches that scope
 * first ({@code SCOPE = 'gogo:*'}), and in shell mode only, so an attached one-shot command cannot
 * stop a serving node by accident.
 */
public final class ShellExit {

    private final BundleContext context;
    private volatile int status;

    ShellExit(BundleContext context) {
        this.context = context;
    }

    /** Stops the node; the launcher exits with status 0 once the framework has stopped. */
    public void exit() throws BundleException {
        exit(0);
    }

    /** Stops the node; the launcher exits with {@code status} once the framework has stopped. */
    public void exit(int status) throws BundleException {
        this.status = status;
        // Stopping the system bundle returns at once; Felix shuts down on its own thread.
        context.getBundle(0).stop();
    }

    int status() {
        return status;
    }
}
