package org.facilitysync.console.health;

/** What the node's health checks share. */
final class NodeHealthChecks {

    /** The tag of every check here; the distribution's /system/health runs the checks with this tag. */
    static final String TAG = "facilitysync";

    /** This bundle's symbolic name: its own pipeline entries do not count as a stage's handler. */
    static final String CONSOLE_BUNDLE = "org.facilitysync.console";

    private NodeHealthChecks() {
    }
}
